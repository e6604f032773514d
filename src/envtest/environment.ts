// startEnvironment: a real kubets API server in this process, on SQLite in a temp dir and a
// free loopback port, with the given CustomResourceDefinitions installed and served, and a
// loaded client-node KubeConfig for it.
import { KubeConfig } from '@kubernetes/client-node';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ensureCertificates, startStandaloneApiServer, type StandaloneApiServer } from '../apiserver/index.js';
import { ensureServiceAccountKeys } from '../apiserver/pki/serviceAccountKeys.js';
import { readCrdDirectory, type CrdObject } from './crds.js';

export interface EnvironmentOptions {
  /** A folder of CustomResourceDefinitions (YAML, several documents a file allowed, or JSON). */
  crdDirectory?: string;
  /** More CustomResourceDefinitions, as objects. */
  crds?: object[];
  /** Where the server keeps its data; default a temp dir removed on stop (a given one is kept). */
  dataDir?: string;
  /** How long to wait for the definitions to be served (default 10 s). */
  crdInstallTimeoutMs?: number;
}

export interface Environment {
  /** A client-node KubeConfig, loaded, for the admin user (group system:masters). */
  kubeconfig: KubeConfig;
  kubeconfigPath: string;
  url: string;
  dataDir: string;
  /** The definitions installed, as the server returned them. */
  crds: CrdObject[];
  /** Stops the server and removes the temp data dir (idempotent). */
  stop(): Promise<void>;
}

// ---- certificates, made once a process ------------------------------------------------------
// Making the CA, serving and admin certificates and the service-account key pair costs tens of
// milliseconds (more on a cold process); every environment of a process shares one set, written
// into its data dir before the server starts (the server loads what it finds there).

const pkiFiles = ['ca.crt', 'ca.key', 'apiserver.crt', 'apiserver.key', 'admin.crt', 'admin.key', 'sa.key', 'sa.pub'];
let pkiCache: Promise<Map<string, string>> | undefined;

async function makePki(): Promise<Map<string, string>> {
  const dir = mkdtempSync(join(tmpdir(), 'kubets-envtest-pki-'));
  try {
    await ensureCertificates(dir, ['10.96.0.1']);
    await ensureServiceAccountKeys(dir);
    return new Map(pkiFiles.map((name) => [name, readFileSync(join(dir, name), 'utf8')]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function seedPki(dataDir: string): Promise<void> {
  const pki = join(dataDir, 'pki');
  if (pkiFiles.some((name) => existsSync(join(pki, name)))) return;
  pkiCache ??= makePki().catch((error: unknown) => {
    pkiCache = undefined;
    throw error;
  });
  const files = await pkiCache;
  mkdirSync(pki, { recursive: true, mode: 0o700 });
  for (const [name, text] of files) writeFileSync(join(pki, name), text, { mode: name.endsWith('.key') ? 0o600 : 0o644 });
}

// ---- a small HTTPS client for installing definitions ----------------------------------------

interface Answer {
  status: number;
  body: unknown;
}

class InstallClient {
  private readonly agent: Agent;

  constructor(private readonly url: string, pki: string) {
    this.agent = new Agent({
      keepAlive: true,
      ca: readFileSync(join(pki, 'ca.crt')),
      cert: readFileSync(join(pki, 'admin.crt')),
      key: readFileSync(join(pki, 'admin.key')),
    });
  }

  send(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<Answer> {
    return new Promise((resolvePromise, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const headers: Record<string, string> = { Accept: 'application/json' };
      if (payload !== undefined) headers['Content-Type'] = contentType;
      const req = request(`${this.url}${path}`, { method, agent: this.agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            // not JSON: kept as text for the error message
          }
          resolvePromise({ status: res.statusCode ?? 0, body: parsed });
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

// ---- installing and waiting ----------------------------------------------------------------

interface CrdSpecLike {
  group?: string;
  names?: { plural?: string };
  versions?: { name?: string; served?: boolean }[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function established(crd: unknown): boolean {
  const conditions = (crd as { status?: { conditions?: { type?: string; status?: string }[] } }).status?.conditions ?? [];
  return conditions.some((c) => c.type === 'Established' && c.status === 'True');
}

function describe(answer: Answer): string {
  const body = answer.body as { message?: string };
  return `${answer.status}${body?.message ? `: ${body.message}` : ''}`;
}

/** Creates the definition (or replaces its spec if one of that name exists). */
async function install(client: InstallClient, crd: CrdObject): Promise<void> {
  const base = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';
  const object = { ...crd, metadata: { ...crd.metadata } };
  delete (object as { status?: unknown }).status;
  const created = await client.send('POST', base, object);
  if (created.status === 201 || created.status === 200) return;
  if (created.status !== 409) throw new Error(`installing CustomResourceDefinition ${crd.metadata?.name}: ${describe(created)}`);
  const patched = await client.send('PATCH', `${base}/${crd.metadata!.name}`, { spec: crd.spec }, 'application/merge-patch+json');
  if (patched.status !== 200) throw new Error(`updating CustomResourceDefinition ${crd.metadata?.name}: ${describe(patched)}`);
}

/** Waits until the definition is Established and every served version lists its plural in discovery. */
async function waitServed(client: InstallClient, crd: CrdObject, deadline: number): Promise<CrdObject> {
  const name = crd.metadata!.name!;
  const spec = crd.spec as CrdSpecLike;
  const versions = (spec.versions ?? []).filter((v) => v.served !== false).map((v) => v.name!);
  // polled at most 10 ms apart: a definition is served within tens of milliseconds, and a
  // longer pause would only add to every test's start
  for (let delay = 1; ; delay = Math.min(delay * 2, 10)) {
    const current = await client.send('GET', `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${name}`);
    if (current.status === 200 && established(current.body)) {
      let listed = true;
      for (const version of versions) {
        const list = await client.send('GET', `/apis/${spec.group}/${version}`);
        const resources = (list.body as { resources?: { name?: string }[] }).resources ?? [];
        if (list.status !== 200 || !resources.some((r) => r.name === spec.names?.plural)) {
          listed = false;
          break;
        }
      }
      if (listed) return current.body as CrdObject;
    }
    if (Date.now() > deadline) throw new Error(`CustomResourceDefinition ${name} was not served in time (last answer ${describe(current)})`);
    await sleep(delay);
  }
}

// ---- the environment -----------------------------------------------------------------------

export async function startEnvironment(options: EnvironmentOptions = {}): Promise<Environment> {
  const definitions = [
    ...(options.crdDirectory ? readCrdDirectory(options.crdDirectory) : []),
    ...((options.crds ?? []) as CrdObject[]),
  ];
  for (const crd of definitions) {
    if (crd.kind !== 'CustomResourceDefinition' || !crd.metadata?.name) throw new Error('crds: every object must be a named CustomResourceDefinition');
  }
  const temporary = options.dataDir === undefined;
  const dataDir = temporary ? mkdtempSync(join(tmpdir(), 'kubets-envtest-')) : resolve(options.dataDir!);
  let server: StandaloneApiServer | undefined;
  let client: InstallClient | undefined;
  const cleanUp = async () => {
    client?.close();
    client = undefined;
    const running = server;
    server = undefined;
    try {
      await running?.stop();
    } finally {
      if (temporary) rmSync(dataDir, { recursive: true, force: true });
    }
  };
  try {
    mkdirSync(dataDir, { recursive: true });
    await seedPki(dataDir);
    server = await startStandaloneApiServer({ dataDir, port: 0, storage: 'sqlite' });
    client = new InstallClient(server.url, join(dataDir, 'pki'));
    const installClient = client;
    const deadline = Date.now() + (options.crdInstallTimeoutMs ?? 10_000);
    await Promise.all(definitions.map((crd) => install(installClient, crd)));
    const installed = await Promise.all(definitions.map((crd) => waitServed(installClient, crd, deadline)));
    installClient.close();
    client = undefined;
    const kubeconfig = new KubeConfig();
    kubeconfig.loadFromFile(server.kubeconfig);
    let stopping: Promise<void> | undefined;
    return {
      kubeconfig,
      kubeconfigPath: server.kubeconfig,
      url: server.url,
      dataDir,
      crds: installed,
      stop: () => (stopping ??= cleanUp()),
    };
  } catch (error) {
    await cleanUp().catch(() => undefined);
    throw error;
  }
}
