import { createErrors, createFieldErrors, deployment, stored, updateErrors, type Obj } from './fixtures.js';
import { invalidStatus } from '../../../src/registry/validation/index.js';

function replicaSet(spec: Obj = {}): Obj {
  return { ...deployment(spec), kind: 'ReplicaSet' };
}

function daemonSet(spec: Obj = {}): Obj {
  return { ...deployment(spec), kind: 'DaemonSet' };
}

function statefulSet(spec: Obj = {}): Obj {
  return { ...deployment({ serviceName: 'web', ...spec }), kind: 'StatefulSet' };
}

describe('Deployment', () => {
  test('a defaulted deployment is valid', () => {
    expect(createErrors(deployment())).toEqual([]);
  });

  test('the selector must match the template labels', () => {
    const d = deployment({ template: { metadata: { labels: { app: 'nginx' } }, spec: { containers: [{ name: 'a', image: 'x' }] } } });
    expect(createErrors(d)).toEqual([
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"nginx"}: `selector` does not match template `labels`',
    ]);
    const status = invalidStatus('apps', 'Deployment', 'web', createFieldErrors(d));
    expect(status.message).toBe(
      'Deployment.apps "web" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"nginx"}: `selector` does not match template `labels`',
    );
  });

  test('a selector is required and may not be empty', () => {
    expect(createErrors(deployment({ selector: undefined }))).toEqual([
      'spec.selector: Required value',
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`',
    ]);
    expect(createErrors(deployment({ selector: {} }))).toEqual([
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment',
    ]);
    expect(createErrors(deployment({ selector: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In' }] } }))).toEqual([
      "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web"}, MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:"tier", Operator:"In", Values:[]string(nil)}}}: invalid label selector',
    ]);
  });

  test('the pod template', () => {
    expect(createErrors(deployment({ template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'a' }] } } }))).toEqual([
      'spec.template.spec.containers[0].image: Required value',
    ]);
    expect(
      createErrors(deployment({ template: { metadata: { labels: { app: 'web' } }, spec: { restartPolicy: 'Never', containers: [{ name: 'a', image: 'x' }] } } })),
    ).toEqual(['spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"']);
    expect(
      createErrors(deployment({ template: { metadata: { labels: { app: 'web', 'bad key': 'x' } }, spec: { containers: [{ name: 'a', image: 'x' }] } } }))[0],
    ).toMatch(/^spec\.template\.labels: Invalid value: "bad key"/);
  });

  test('replicas, strategy, deadlines', () => {
    expect(createErrors(deployment({ replicas: -1 }))).toEqual(['spec.replicas: Invalid value: -1: must be greater than or equal to 0']);
    expect(createErrors(deployment({ strategy: { type: 'Canary' } }))).toEqual([
      'spec.strategy: Unsupported value: apps.DeploymentStrategy{Type:"Canary", RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}: supported values: "Recreate", "RollingUpdate"',
    ]);
    expect(createErrors(deployment({ strategy: { type: 'Recreate', rollingUpdate: { maxSurge: 1 } } }))).toEqual([
      "spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'",
    ]);
    expect(createErrors(deployment({ strategy: { rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } } }))).toEqual([
      'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:""}: may not be 0 when `maxSurge` is 0',
    ]);
    expect(createErrors(deployment({ strategy: { rollingUpdate: { maxUnavailable: '150%' } } }))).toEqual([
      'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"150%"}: must not be greater than 100%',
    ]);
    expect(createErrors(deployment({ strategy: { rollingUpdate: { maxSurge: 'lots' } } }))).toEqual([
      "spec.strategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"lots\"}: a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
    ]);
    expect(createErrors(deployment({ minReadySeconds: 700 }))).toEqual([
      'spec.progressDeadlineSeconds: Invalid value: 600: must be greater than minReadySeconds',
    ]);
  });

  test('the selector is immutable', () => {
    const old = stored(deployment());
    const next = structuredClone(old);
    next.spec.selector = { matchLabels: { app: 'web', tier: 'fe' } };
    next.spec.template.metadata.labels = { app: 'web', tier: 'fe' };
    expect(updateErrors(next, old)).toEqual([
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web", "tier":"fe"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
    ]);
  });

  test('template and replicas may change', () => {
    const old = stored(deployment());
    const next = structuredClone(old);
    next.spec.replicas = 5;
    next.spec.template.spec.containers[0].image = 'nginx:1.28';
    expect(updateErrors(next, old)).toEqual([]);
  });
});

describe('ReplicaSet', () => {
  test('same rules as Deployment, empty selector message included', () => {
    expect(createErrors(replicaSet())).toEqual([]);
    expect(createErrors(replicaSet({ selector: {} }))).toEqual([
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment',
    ]);
  });

  test('the selector is immutable', () => {
    const old = stored(replicaSet());
    const next = structuredClone(old);
    next.spec.selector = { matchLabels: { app: 'other' } };
    next.spec.template.metadata.labels = { app: 'other' };
    expect(updateErrors(next, old)).toEqual([
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"other"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
    ]);
  });
});

describe('DaemonSet', () => {
  test('strategy and selector', () => {
    expect(createErrors(daemonSet())).toEqual([]);
    expect(createErrors(daemonSet({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 1 } } }))).toEqual([
      'spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:0, IntVal:1, StrVal:""}: may not be set when maxUnavailable is non-zero',
    ]);
    expect(createErrors(daemonSet({ updateStrategy: { type: 'Recreate' } }))).toEqual([
      'spec.updateStrategy: Unsupported value: apps.DaemonSetUpdateStrategy{Type:"Recreate", RollingUpdate:(*apps.RollingUpdateDaemonSet)(nil)}: supported values: "RollingUpdate", "OnDelete"',
    ]);
    expect(createErrors(daemonSet({ selector: {} }))).toContain(
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for daemonset',
    );
  });
});

describe('StatefulSet', () => {
  test('policies and service name', () => {
    expect(createErrors(statefulSet())).toEqual([]);
    expect(createErrors(statefulSet({ podManagementPolicy: 'Random' }))).toEqual([
      "spec.podManagementPolicy: Invalid value: \"Random\": must be 'OrderedReady' or 'Parallel'",
    ]);
    expect(createErrors(statefulSet({ serviceName: 'web.svc' }))).toEqual(['spec.serviceName: Invalid value: "web.svc": must not contain dots']);
    expect(createErrors(statefulSet({ persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Keep' } }))).toEqual([
      'spec.persistentVolumeClaimRetentionPolicy.whenDeleted: Unsupported value: "Keep": supported values: "Retain", "Delete"',
    ]);
  });

  test('upstream does not validate the pod spec of a StatefulSet template', () => {
    const noImage = statefulSet({ template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'a' }] } } });
    expect(createErrors(noImage)).toEqual([]);
  });

  test('only some spec fields may change', () => {
    const old = stored(statefulSet());
    const next = structuredClone(old);
    next.spec.replicas = 3;
    next.spec.template.spec.containers[0].image = 'nginx:1.28';
    expect(updateErrors(next, old)).toEqual([]);
    next.spec.serviceName = 'other';
    expect(updateErrors(next, old)).toEqual([
      "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    ]);
  });
});
