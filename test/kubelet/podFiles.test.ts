// The files the kubelet writes for pods: the managed /etc/hosts (the pod's names and its
// hostAliases), API-backed volume files (every key or the listed items, modes, labels as sorted
// key="value" lines), and the atomic `..data` layout that swaps a volume's content in one rename.
import type { V1Pod } from '@kubernetes/client-node';
import { lstatSync, mkdtempSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hostsFile } from '../../src/kubelet/pods/hostsFile.js';
import { writeAtomically } from '../../src/kubelet/volumes/atomicWriter.js';
import { formatMap, projectVolume, VolumeSetupError, type VolumeSources } from '../../src/kubelet/volumes/projection.js';

const node = { cpu: '2', memory: '1Gi', 'ephemeral-storage': '10Gi' };
const pod: V1Pod = {
  metadata: { name: 'web-0', namespace: 'shop', uid: 'u', labels: { tier: 'front', app: 'web' }, annotations: { note: 'say "hi"' } },
  spec: { hostname: 'web-0', subdomain: 'web', containers: [{ name: 'main', resources: { limits: { memory: '64Mi' } } }], hostAliases: [{ ip: '10.1.1.1', hostnames: ['db', 'db.local'] }] },
};
const sources: VolumeSources = {
  configMap: async (_ns, name) => (name === 'cfg' ? { data: { a: '1', b: '2' }, binaryData: { bin: Buffer.from([0, 1]).toString('base64') } } : undefined),
  secret: async () => undefined,
  serviceAccountToken: async () => 'token-value',
};

test('the hosts file names the pod under its FQDN and appends hostAliases', () => {
  const text = hostsFile(pod, ['10.244.0.7']);
  expect(text).toContain('127.0.0.1\tlocalhost\n');
  expect(text).toContain('10.244.0.7\tweb-0.web.shop.svc.cluster.local\tweb-0\n');
  expect(text.endsWith('# Entries added by HostAliases.\n10.1.1.1\tdb\tdb.local\n')).toBe(true);
});

test('configMap, downwardAPI and projected volume files', async () => {
  const all = await projectVolume(pod, { name: 'v', configMap: { name: 'cfg' } }, sources, node);
  expect([...all!.keys()].sort()).toEqual(['a', 'b', 'bin']);
  expect(all!.get('bin')!.content).toEqual(Buffer.from([0, 1]));
  const items = await projectVolume(pod, { name: 'v', configMap: { name: 'cfg', items: [{ key: 'a', path: 'sub/a.txt', mode: 0o400 }], defaultMode: 0o600 } }, sources, node);
  expect([...items!]).toEqual([['sub/a.txt', { content: Buffer.from('1'), mode: 0o400 }]]);
  await expect(projectVolume(pod, { name: 'v', configMap: { name: 'cfg', items: [{ key: 'zz', path: 'z' }] } }, sources, node))
    .rejects.toThrow(new VolumeSetupError('configmap references non-existent config key: zz'));
  await expect(projectVolume(pod, { name: 'v', configMap: { name: 'absent' } }, sources, node)).rejects.toThrow('configmap "absent" not found');
  expect((await projectVolume(pod, { name: 'v', configMap: { name: 'absent', optional: true } }, sources, node))!.size).toBe(0);

  const downward = await projectVolume(pod, { name: 'v', downwardAPI: { items: [
    { path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } },
    { path: 'annotations', fieldRef: { fieldPath: 'metadata.annotations' } },
    { path: 'mem', resourceFieldRef: { containerName: 'main', resource: 'limits.memory', divisor: '1Mi' } },
  ] } }, sources, node);
  expect(downward!.get('labels')!.content.toString()).toBe('app="web"\ntier="front"');
  expect(downward!.get('annotations')!.content.toString()).toBe('note="say \\"hi\\""');
  expect(downward!.get('mem')!.content.toString()).toBe('64');

  const projected = await projectVolume(pod, { name: 'v', projected: { sources: [
    { serviceAccountToken: { path: 'token', expirationSeconds: 3607 } },
    { configMap: { name: 'cfg', items: [{ key: 'a', path: 'ca.crt' }] } },
    { downwardAPI: { items: [{ path: 'namespace', fieldRef: { fieldPath: 'metadata.namespace' } }] } },
  ] } }, sources, node);
  expect(Object.fromEntries([...projected!].map(([k, v]) => [k, v.content.toString()]))).toEqual({ token: 'token-value', 'ca.crt': '1', namespace: 'shop' });
  expect(formatMap(undefined)).toBe('');
});

test('a volume is written in upstream\'s ..data layout and swapped atomically', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kubets-atomic-'));
  try {
    expect(await writeAtomically(dir, new Map([['a', { content: Buffer.from('1'), mode: 0o644 }], ['sub/b', { content: Buffer.from('2'), mode: 0o600 }]]))).toBe(true);
    const first = readlinkSync(join(dir, '..data'));
    expect(readlinkSync(join(dir, 'a'))).toBe('..data/a');
    expect(readFileSync(join(dir, 'sub', 'b'), 'utf8')).toBe('2');
    expect(lstatSync(join(dir, '..data', 'sub', 'b')).mode & 0o777).toBe(0o600);
    expect(await writeAtomically(dir, new Map([['a', { content: Buffer.from('1'), mode: 0o644 }], ['sub/b', { content: Buffer.from('2'), mode: 0o600 }]]))).toBe(false);
    expect(await writeAtomically(dir, new Map([['a', { content: Buffer.from('changed'), mode: 0o644 }]]))).toBe(true);
    expect(readlinkSync(join(dir, '..data'))).not.toBe(first);
    expect(readFileSync(join(dir, 'a'), 'utf8')).toBe('changed');
    expect(() => lstatSync(join(dir, 'sub'))).toThrow();
    expect(() => lstatSync(join(dir, first))).toThrow();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
