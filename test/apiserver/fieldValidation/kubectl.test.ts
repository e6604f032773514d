// The stock kubectl against this module's answers: a plain-HTTP front in this test passes every
// request on to a kubets API server, except that it runs fieldValidation on create (POST) and
// replace (PUT) bodies first, as the handlers will: Strict answers the Status, Warn adds the
// Warning headers. kubectl must print them as it prints kube-apiserver's.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';

import { applyFieldValidation, findFieldProblems, parseFieldValidation, WarningRecorder } from '../../../src/apiserver/fieldValidation/index.js';
import { StatusError } from '../../../src/registry/statusError.js';
import { removeDataDir, startTestApiServer, type TestApiServer } from '../../helpers/apiServer.js';
import { Kubectl, type KubectlVersion } from '../../helpers/kubectl.js';

interface Kubeconfig {
  clusters: Array<{ cluster: { server: string; 'certificate-authority-data': string } }>;
  users: Array<{ user: { 'client-certificate-data': string; 'client-key-data': string } }>;
}

let server: TestApiServer;
let front: Server;
let kubeconfig: string;

function readAll(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

beforeAll(async () => {
  server = await startTestApiServer();
  const config = parse(readFileSync(server.kubeconfig, 'utf8')) as Kubeconfig;
  const { server: upstream, 'certificate-authority-data': ca } = config.clusters[0]!.cluster;
  const { 'client-certificate-data': cert, 'client-key-data': key } = config.users[0]!.user;
  const tls = { ca: Buffer.from(ca, 'base64'), cert: Buffer.from(cert, 'base64'), key: Buffer.from(key, 'base64') };

  front = createServer((req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const body = await readAll(req);
      const url = new URL(req.url ?? '/', 'http://front');
      const recorder = new WarningRecorder();
      if ((req.method === 'POST' || req.method === 'PUT') && body.length > 0) {
        try {
          const verb = req.method === 'POST' ? 'create' : 'update';
          const mode = parseFieldValidation(url.searchParams.getAll('fieldValidation'), verb);
          const obj = JSON.parse(body.toString()) as { apiVersion: string; kind: string };
          const problems = findFieldProblems(body, req.headers['content-type'], obj.apiVersion, obj.kind);
          const version = obj.apiVersion.split('/').pop()!;
          for (const w of applyFieldValidation(mode, problems, { verb, kind: obj.kind, version }).warnings) recorder.add(w);
        } catch (e) {
          if (!(e instanceof StatusError)) throw e;
          res.writeHead(e.code, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify(e.status));
          return;
        }
      }
      const headers = { ...req.headers, host: new URL(upstream).host };
      const out = httpsRequest(`${upstream}${req.url ?? '/'}`, { method: req.method, headers, ...tls }, (answer) => {
        for (const [name, value] of Object.entries(answer.headers)) if (value !== undefined) res.setHeader(name, value);
        if (recorder.headerValues().length > 0) res.setHeader('Warning', recorder.headerValues());
        res.writeHead(answer.statusCode ?? 502);
        answer.pipe(res);
      });
      out.end(body);
    })();
  });
  await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
  const port = (front.address() as { port: number }).port;
  kubeconfig = join(mkdtempSync(join(tmpdir(), 'kubets-fv-')), 'kubeconfig');
  writeFileSync(
    kubeconfig,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'front', cluster: { server: `http://127.0.0.1:${port}` } }],
      users: [{ name: 'anyone', user: {} }],
      contexts: [{ name: 'front', context: { cluster: 'front', user: 'anyone' } }],
      'current-context': 'front',
    }),
  );
}, 60_000);

afterAll(async () => {
  await new Promise<void>((resolve) => front.close(() => resolve()));
  await server.stop();
  removeDataDir(server);
});

const manifest = (name: string): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: default
spec:
  foo: 1
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
      - name: c
        image: nginx
        imagePullPolicyy: Always
`;

describe.each(['1.27', '1.33'] as KubectlVersion[])('kubectl %s', (version) => {
  const name = `fv-${version.replace('.', '-')}`;
  let dir: string;
  let k: Kubectl;
  beforeAll(() => {
    k = new Kubectl(version, kubeconfig);
    dir = mkdtempSync(join(tmpdir(), 'kubets-fv-manifests-'));
    writeFileSync(join(dir, 'x.yaml'), manifest(name));
  });

  it('prints the Strict failure as kube-apiserver words it', async () => {
    const r = await k.run(['create', '-f', join(dir, 'x.yaml')]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(
      `Error from server (BadRequest): error when creating "${join(dir, 'x.yaml')}": Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.foo", unknown field "spec.template.spec.containers[0].imagePullPolicyy"`,
    );
  });

  it('prints each Warn finding as a warning and creates the object', async () => {
    const r = await k.run(['create', '--validate=warn', '-f', join(dir, 'x.yaml')]);
    expect([r.code, r.stdout]).toEqual([0, `deployment.apps/${name} created\n`]);
    expect(r.stderr).toContain('Warning: unknown field "spec.foo"\n');
    expect(r.stderr).toContain('Warning: unknown field "spec.template.spec.containers[0].imagePullPolicyy"\n');
    const replaced = await k.run(['replace', '--validate=false', '-f', join(dir, 'x.yaml')]);
    expect([replaced.code, replaced.stderr]).toEqual([0, '']);
    await k.ok(['delete', 'deployment', name, '-n', 'default']);
  });
});
