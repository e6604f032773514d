// `kubets up` stopped with SIGTERM and started again on the same data directory keeps every
// object, and resourceVersions keep moving forward.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kubectl } from '../helpers/kubectl.js';
import { freePort, startKubets } from '../helpers/kubetsProcess.js';

test('a restart on the same data dir keeps all objects and resourceVersions move on', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kubets-restart-'));
  const port = await freePort();
  try {
    const first = await startKubets(dataDir, port);
    const k = new Kubectl('1.33', first.kubeconfig);
    await k.ok(['create', 'namespace', 'keep']);
    for (let i = 0; i < 5; i++) await k.ok(['create', 'configmap', `c${i}`, '-n', 'keep', `--from-literal=i=${i}`]);
    await k.ok(['create', 'service', 'nodeport', 'web', '-n', 'keep', '--tcp=80:8080']);
    const before = JSON.parse(await k.ok(['get', 'configmaps,services', '-n', 'keep', '-o', 'json']));
    const listRv = Number(JSON.parse(await k.ok(['get', '--raw', '/api/v1/namespaces/keep/configmaps'])).metadata.resourceVersion);
    expect(await first.stop()).toBe(0);

    const second = await startKubets(dataDir, port);
    try {
      const after = JSON.parse(await k.ok(['get', 'configmaps,services', '-n', 'keep', '-o', 'json']));
      const ids = (list: { items: Array<{ metadata: { name: string; uid: string; resourceVersion: string } }> }) =>
        list.items.map((i) => `${i.metadata.name}/${i.metadata.uid}/${i.metadata.resourceVersion}`).sort();
      expect(ids(after)).toEqual(ids(before));
      const service = after.items.find((i: { kind: string }) => i.kind === 'Service');
      expect(service.spec.ports[0].nodePort).toBe(before.items.find((i: { kind: string }) => i.kind === 'Service').spec.ports[0].nodePort);
      await k.ok(['create', 'configmap', 'later', '-n', 'keep', '--from-literal=x=y']);
      const later = JSON.parse(await k.ok(['get', 'configmap', 'later', '-n', 'keep', '-o', 'json']));
      expect(Number(later.metadata.resourceVersion)).toBeGreaterThan(listRv);
      // The allocation survived too: the same node port cannot be taken twice.
      const clash = await k.run(['create', 'service', 'nodeport', 'web2', '-n', 'keep', '--tcp=80:8080', `--node-port=${service.spec.ports[0].nodePort}`]);
      expect(clash.stderr).toContain('provided port is already allocated');
    } finally {
      expect(await second.stop()).toBe(0);
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
