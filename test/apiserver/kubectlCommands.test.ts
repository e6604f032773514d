// The everyday kubectl commands, on every stock version 1.27-1.33, with their outputs checked.
import { KUBECTL_VERSIONS, Kubectl } from '../helpers/kubectl.js';
import { removeDataDir, startTestApiServer, type TestApiServer } from '../helpers/apiServer.js';

let server: TestApiServer;

beforeAll(async () => {
  server = await startTestApiServer();
});

afterAll(async () => {
  await server.stop();
  removeDataDir(server);
});

/** The rows of a kubectl table, as arrays of cells. */
function rows(output: string): string[][] {
  return output.trim().split('\n').map((line) => line.trim().split(/\s{2,}/));
}

describe.each(KUBECTL_VERSIONS)('kubectl %s', (version) => {
  const ns = `cmd-${version.replace('.', '-')}`;
  let k: Kubectl;

  beforeAll(async () => {
    k = new Kubectl(version, server.kubeconfig);
    await k.ok(['create', 'namespace', ns]);
  });

  test('typed create commands', async () => {
    expect(await k.ok(['create', 'secret', 'generic', 's1', '-n', ns, '--from-literal=user=admin'])).toBe('secret/s1 created\n');
    const secret = JSON.parse(await k.ok(['get', 'secret', 's1', '-n', ns, '-o', 'json']));
    expect(secret).toMatchObject({ type: 'Opaque', data: { user: Buffer.from('admin').toString('base64') } });
    expect(await k.ok(['create', 'serviceaccount', 'robot', '-n', ns])).toBe('serviceaccount/robot created\n');
    expect(await k.ok(['create', 'deployment', 'web', '-n', ns, '--image=busybox:1.36', '--replicas=2'])).toBe('deployment.apps/web created\n');
    const deployment = JSON.parse(await k.ok(['get', 'deployment', 'web', '-n', ns, '-o', 'json']));
    expect(deployment.spec).toMatchObject({ replicas: 2, selector: { matchLabels: { app: 'web' } } });
    expect(deployment.metadata.generation).toBe(1);
    expect(await k.ok(['create', 'service', 'clusterip', 'web', '-n', ns, '--tcp=80:8080'])).toBe('service/web created\n');
    const service = JSON.parse(await k.ok(['get', 'service', 'web', '-n', ns, '-o', 'json']));
    expect(service.spec.clusterIP).toMatch(/^10\.(9[6-9]|1[01]\d)\.\d+\.\d+$/);
    expect(await k.ok(['create', 'job', 'once', '-n', ns, '--image=busybox:1.36', '--', 'true'])).toBe('job.batch/once created\n');
  });

  test('get: names, wide, yaml, labels, all namespaces', async () => {
    await k.ok(['create', 'configmap', 'labelled', '-n', ns, '--from-literal=a=b']);
    expect(await k.ok(['label', 'configmap', 'labelled', '-n', ns, 'tier=web', 'env=prod'])).toBe('configmap/labelled labeled\n');
    // kubectl 1.27 prints "annotate", later versions "annotated".
    expect(await k.ok(['annotate', 'configmap', 'labelled', '-n', ns, 'note=hello'])).toMatch(/^configmap\/labelled annotated?\n$/);
    expect(await k.ok(['get', 'configmaps', '-n', ns, '-l', 'tier=web', '-o', 'name'])).toBe('configmap/labelled\n');
    expect(await k.ok(['get', 'configmaps', '-n', ns, '-l', 'tier!=web,env', '-o', 'name'])).toBe('');
    const shown = rows(await k.ok(['get', 'configmap', 'labelled', '-n', ns, '--show-labels']));
    expect(shown[0]).toEqual(['NAME', 'DATA', 'AGE', 'LABELS']);
    expect(shown[1][3]).toBe('env=prod,tier=web');
    const yaml = await k.ok(['get', 'configmap', 'labelled', '-n', ns, '-o', 'yaml']);
    expect(yaml).toContain('    note: hello');
    const wide = rows(await k.ok(['get', 'deployments', '-n', ns, '-o', 'wide']));
    expect(wide[0]).toEqual(['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE', 'CONTAINERS', 'IMAGES', 'SELECTOR']);
    expect(wide[1]).toEqual(expect.arrayContaining(['web', '0/2', 'busybox:1.36', 'app=web']));
    const all = rows(await k.ok(['get', 'services', '-A']));
    expect(all[0]).toEqual(['NAMESPACE', 'NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE']);
    expect(all.some((r) => r[0] === 'default' && r[1] === 'kubernetes' && r[3] === '10.96.0.1' && r[5] === '443/TCP')).toBe(true);
  });

  test('patch in three types, and scale', async () => {
    await k.ok(['create', 'deployment', 'patched', '-n', ns, '--image=busybox:1.36']);
    expect(await k.ok(['patch', 'deployment', 'patched', '-n', ns, '-p', '{"spec":{"template":{"spec":{"containers":[{"name":"busybox","image":"busybox:1.37"}]}}}}']))
      .toBe('deployment.apps/patched patched\n');
    await k.ok(['patch', 'deployment', 'patched', '-n', ns, '--type=merge', '-p', '{"metadata":{"labels":{"patched":"merge"}}}']);
    await k.ok(['patch', 'deployment', 'patched', '-n', ns, '--type=json', '-p', '[{"op":"add","path":"/spec/minReadySeconds","value":5}]']);
    const deployment = JSON.parse(await k.ok(['get', 'deployment', 'patched', '-n', ns, '-o', 'json']));
    expect(deployment.spec.template.spec.containers).toEqual([expect.objectContaining({ name: 'busybox', image: 'busybox:1.37' })]);
    expect(deployment.metadata.labels.patched).toBe('merge');
    expect(deployment.spec.minReadySeconds).toBe(5);
    expect(deployment.metadata.generation).toBe(3);
    expect(await k.ok(['scale', 'deployment', 'patched', '-n', ns, '--replicas=4'])).toBe('deployment.apps/patched scaled\n');
    expect(JSON.parse(await k.ok(['get', 'deployment', 'patched', '-n', ns, '-o', 'json'])).spec.replicas).toBe(4);
    const noop = await k.run(['patch', 'deployment', 'patched', '-n', ns, '--type=json', '-p', '[{"op":"test","path":"/spec/replicas","value":9}]']);
    expect(noop.code).not.toBe(0);
  });

  test('invalid objects are refused with the upstream field errors', async () => {
    const name = await k.run(['create', 'configmap', 'Not_Valid', '-n', ns]);
    expect(name.code).not.toBe(0);
    expect(name.stderr).toContain('ConfigMap "Not_Valid" is invalid: metadata.name: Invalid value: "Not_Valid": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters');
    const defaults = JSON.parse(await k.ok(['get', 'deployment', 'web', '-n', ns, '-o', 'json']));
    expect(defaults.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } });
    expect(defaults.spec).toMatchObject({ revisionHistoryLimit: 10, progressDeadlineSeconds: 600 });
    expect(defaults.spec.template.spec).toMatchObject({ restartPolicy: 'Always', dnsPolicy: 'ClusterFirst', schedulerName: 'default-scheduler', terminationGracePeriodSeconds: 30 });
    expect(defaults.spec.template.spec.containers[0]).toMatchObject({ imagePullPolicy: 'IfNotPresent', terminationMessagePath: '/dev/termination-log' });
  });

  test('api-resources lists the built-in resources with short names', async () => {
    const table = rows(await k.ok(['api-resources']));
    expect(table[0]).toEqual(['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND']);
    // Names repeat across groups (metrics.k8s.io has pods and nodes too): rows are matched whole.
    expect(table).toContainEqual(['pods', 'po', 'v1', 'true', 'Pod']);
    expect(table).toContainEqual(['deployments', 'deploy', 'apps/v1', 'true', 'Deployment']);
    expect(table).toContainEqual(['namespaces', 'ns', 'v1', 'false', 'Namespace']);
    expect(table).toContainEqual(['pods', 'metrics.k8s.io/v1beta1', 'true', 'PodMetrics']);
    expect(table.some((r) => r[0] === 'customresourcedefinitions')).toBe(true);
  });

  test('get events', async () => {
    const events = await k.run(['get', 'events', '-n', ns]);
    expect(events.code).toBe(0);
    expect(events.stderr).toContain(`No resources found in ${ns} namespace.`);
  });

  test('delete, also of a collection by label', async () => {
    for (const name of ['d1', 'd2', 'd3']) await k.ok(['create', 'configmap', name, '-n', ns, '--from-literal=x=y']);
    await k.ok(['label', 'configmap', 'd1', 'd2', '-n', ns, 'doomed=yes']);
    expect(await k.ok(['delete', 'configmap', '-n', ns, '-l', 'doomed=yes'])).toBe('configmap "d1" deleted\nconfigmap "d2" deleted\n');
    expect(await k.ok(['get', 'configmaps', '-n', ns, '-o', 'name', '--field-selector', 'metadata.name=d3'])).toBe('configmap/d3\n');
    expect(await k.ok(['delete', 'configmap', 'd3', '-n', ns, '--cascade=background'])).toBe('configmap "d3" deleted\n');
  });
});
