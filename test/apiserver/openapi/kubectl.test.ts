// Real clients against the OpenAPI router: stock kubectl binaries run `explain` on a loopback
// server that serves the router plus static legacy discovery. `--output plaintext-openapiv2`
// makes every version read /openapi/v2 as the gnostic protobuf (what 1.27/1.28 use for
// validation and patches); the default output of 1.27+ reads /openapi/v3. Each run gets a fresh
// cache dir and an empty kubeconfig. Versions whose binary is missing are skipped.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import express from 'express';

import { OpenApiDocuments, openApiRouter } from '../../../src/apiserver/openapi/index.js';
import { discoveryStub } from './discoveryStub.js';

const kubectlDir = process.env.KUBECTL_DIR ?? '/usr/lib/google-cloud-sdk/bin';
const versions = ['1.27', '1.28', '1.29', '1.30', '1.31', '1.32', '1.33'];

let server: Server;
let port: number;
let scratch: string;
const requests: { url: string; accept: string }[] = [];

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'kubets-openapi-kubectl-'));
  await writeFile(join(scratch, 'kubeconfig'), '');
  const documents = new OpenApiDocuments();
  documents.warm();
  const app = express();
  app.use((req, _res, next) => {
    requests.push({ url: req.url, accept: req.headers.accept ?? '' });
    next();
  });
  app.use(openApiRouter(documents));
  app.use(discoveryStub());
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await rm(scratch, { recursive: true, force: true });
});

let runs = 0;

/** Runs a kubectl version with a fresh cache dir; resolves with stdout, rejects with stderr. */
function kubectl(version: string, args: string[]): Promise<string> {
  const cacheDir = join(scratch, `cache-${runs++}`);
  const argv = ['--server', `http://127.0.0.1:${port}`, '--kubeconfig', join(scratch, 'kubeconfig'), '--cache-dir', cacheDir, ...args];
  return new Promise((resolve, reject) => {
    execFile(join(kubectlDir, `kubectl.${version}`), argv, { timeout: 60_000, env: { ...process.env, HOME: scratch } }, (error, stdout, stderr) => {
      if (error) reject(new Error(`kubectl.${version} ${args.join(' ')} failed: ${stderr || error.message}`));
      else resolve(stdout);
    });
  });
}

function requestsFor(run: () => Promise<unknown>): Promise<{ url: string; accept: string }[]> {
  const start = requests.length;
  return run().then(() => requests.slice(start));
}

describe('kubectl explain against the OpenAPI router', () => {
  it.each(versions)('kubectl %s explains pods.spec.containers from the v2 protobuf', async (version) => {
    let out = '';
    const seen = await requestsFor(async () => {
      out = await kubectl(version, ['explain', 'pods.spec.containers', '--output', 'plaintext-openapiv2']);
    });
    expect(out).toMatch(/^KIND:\s+Pod$/m);
    expect(out).toMatch(/^RESOURCE: containers <\[\]Object>$/m);
    expect(out).toContain('A single application container that you want to run within a pod.');
    expect(out).toMatch(/^ {3}args\t<\[\]string>$/m);
    expect(out).toMatch(/^ {3}ports\t<\[\]Object>$/m);
    const v2 = seen.filter((r) => r.url.startsWith('/openapi/v2'));
    expect(v2.length).toBeGreaterThan(0);
    expect(v2[0].accept).toContain('application/com.github.proto-openapi.spec.v2@v1.0+protobuf');
  });

  it('kubectl 1.27 explains pods.spec.containers from /openapi/v3 by default', async () => {
    if (!versions.includes('1.27')) return;
    const out = await kubectl('1.27', ['explain', 'pods.spec.containers']);
    expect(out).toMatch(/^FIELD: containers <\[\]Container>$/m);
    expect(out).toMatch(/^DESCRIPTION:$/m);
    expect(out).toContain('List of containers belonging to the pod.');
    expect(out).toMatch(/^ {2}volumeMounts\t<\[\]VolumeMount>$/m);
  });

  it.each(versions)('kubectl %s explains deployments.spec.strategy from /openapi/v3', async (version) => {
    let out = '';
    const seen = await requestsFor(async () => {
      out = await kubectl(version, ['explain', 'deployments.spec.strategy']);
    });
    expect(out).toMatch(/^GROUP:\s+apps$/m);
    expect(out).toMatch(/^KIND:\s+Deployment$/m);
    expect(out).toMatch(/^FIELD: strategy <DeploymentStrategy>$/m);
    expect(out).toContain('The deployment strategy to use to replace existing pods with new ones.');
    expect(out).toMatch(/^ {2}rollingUpdate\t<RollingUpdateDeployment>$/m);
    expect(out).toMatch(/^ {2}type\t<string>$/m);
    expect(seen.some((r) => r.url.startsWith('/openapi/v3/apis/apps/v1?hash='))).toBe(true);
  });

  it('kubectl 1.27 builds its validator from the v2 protobuf and accepts a valid manifest', async () => {
    if (!versions.includes('1.27')) return;
    const manifest = join(scratch, 'pod.yaml');
    await writeFile(manifest, 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: busybox\n');
    const seen = await requestsFor(async () => {
      expect(await kubectl('1.27', ['create', '--dry-run=client', '--validate=true', '-f', manifest, '-o', 'name'])).toBe('pod/p\n');
    });
    expect(seen.some((r) => r.url.startsWith('/openapi/v2'))).toBe(true);
  });
});
