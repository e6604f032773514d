// Service addresses come from the configured ranges: cluster IPs (the `kubernetes` Service
// takes the first) and node ports; a request outside them is refused.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStandaloneApiServer, type StandaloneApiServer } from '../../src/apiserver/index.js';
import { Kubectl } from '../helpers/kubectl.js';

let server: StandaloneApiServer;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'kubets-ranges-'));
  server = await startStandaloneApiServer({ dataDir, port: 0, serviceClusterIpRange: '10.0.0.0/28', serviceNodePortRange: '31000-31001' });
});

afterAll(async () => {
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

test('cluster IPs and node ports come from the configured ranges, and run out', async () => {
  const k = new Kubectl('1.33', server.kubeconfig);
  expect(await k.ok(['get', 'service', 'kubernetes', '-o', 'jsonpath={.spec.clusterIP}'])).toBe('10.0.0.1');
  const ports: number[] = [];
  for (const name of ['a', 'b']) {
    const svc = JSON.parse(await k.ok(['create', 'service', 'nodeport', name, '--tcp=80', '-o', 'json']));
    expect(svc.spec.clusterIP).toMatch(/^10\.0\.0\.(\d|1[0-4])$/);
    ports.push(svc.spec.ports[0].nodePort);
  }
  expect(ports.sort()).toEqual([31000, 31001]);
  const full = await k.run(['create', 'service', 'nodeport', 'c', '--tcp=80']);
  expect(full.code).not.toBe(0);
  expect(full.stderr).toContain('range is full');
  const outside = await k.run(['create', 'service', 'clusterip', 'd', '--tcp=80', '--clusterip=10.96.0.10']);
  expect(outside.stderr).toContain('failed to allocate IP 10.96.0.10: the provided IP (10.96.0.10) is not in the valid range. The range of valid IPs is 10.0.0.0/28');
  await k.ok(['delete', 'service', 'a']);
  const reused = JSON.parse(await k.ok(['create', 'service', 'nodeport', 'e', '--tcp=80', '-o', 'json']));
  expect([31000, 31001]).toContain(reused.spec.ports[0].nodePort);
});
