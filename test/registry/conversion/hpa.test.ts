import {
  BEHAVIOR_ANNOTATION,
  CONDITIONS_ANNOTATION,
  METRIC_SPECS_ANNOTATION,
  METRIC_STATUSES_ANNOTATION,
  hpaV1ToV2 as v1ToV2,
  hpaV2ToV1 as v2ToV1,
} from '../../../src/registry/conversion/index.js';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const hpaV2ToV1 = (o: Obj): Obj => v2ToV1(o);
const hpaV1ToV2 = (o: Obj): Obj => v1ToV2(o);

const ref = { kind: 'Deployment', name: 'web', apiVersion: 'apps/v1' };
const meta = { name: 'web', namespace: 'default', uid: 'u-1', resourceVersion: '7', creationTimestamp: '2024-05-01T10:00:00Z' };

/** A v2 object as the store holds it: Go's layout, and what the HPA controller writes in status. */
function storedV2(): Obj {
  return {
    kind: 'HorizontalPodAutoscaler',
    apiVersion: 'autoscaling/v2',
    metadata: { ...meta, labels: { app: 'web' }, annotations: { owner: 'team-a' } },
    spec: {
      scaleTargetRef: ref,
      minReplicas: 2,
      maxReplicas: 10,
      metrics: [
        { type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '512Mi' } } },
        { type: 'Pods', pods: { metric: { name: 'requests_per_second', selector: { matchLabels: { tier: 'web' } } }, target: { type: 'AverageValue', averageValue: '1k' } } },
        { type: 'Object', object: { describedObject: { kind: 'Ingress', name: 'main', apiVersion: 'networking.k8s.io/v1' }, target: { type: 'Value', value: '10k' }, metric: { name: 'hits' } } },
        { type: 'External', external: { metric: { name: 'queue_depth' }, target: { type: 'AverageValue', averageValue: '30' } } },
        { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } },
      ],
      behavior: {
        scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }] },
        scaleDown: { stabilizationWindowSeconds: 300, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] },
      },
    },
    status: {
      observedGeneration: 4,
      lastScaleTime: '2024-05-01T11:00:00Z',
      currentReplicas: 3,
      desiredReplicas: 4,
      currentMetrics: [
        { type: 'Resource', resource: { name: 'memory', current: { averageValue: '400Mi', averageUtilization: 40 } } },
        { type: 'Pods', pods: { metric: { name: 'requests_per_second', selector: { matchLabels: { tier: 'web' } } }, current: { averageValue: '900' } } },
        { type: 'Object', object: { metric: { name: 'hits' }, current: { value: '9k' }, describedObject: { kind: 'Ingress', name: 'main', apiVersion: 'networking.k8s.io/v1' } } },
        { type: 'External', external: { metric: { name: 'queue_depth' }, current: { value: '0', averageValue: '25' } } },
        { type: 'Resource', resource: { name: 'cpu', current: { averageValue: '250m', averageUtilization: 55 } } },
      ],
      conditions: [
        { type: 'AbleToScale', status: 'True', lastTransitionTime: '2024-05-01T10:01:00Z', reason: 'ReadyForNewScale', message: 'recommended size matches current size' },
        { type: 'ScalingActive', status: 'True', lastTransitionTime: '2024-05-01T10:01:00Z', reason: 'ValidMetricFound', message: 'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)' },
        { type: 'ScalingLimited', status: 'False', lastTransitionTime: '2024-05-01T10:02:00Z', reason: 'DesiredWithinRange', message: 'the desired count is within the acceptable range' },
      ],
    },
  };
}

describe('autoscaling/v2 read as autoscaling/v1', () => {
  const v1 = hpaV2ToV1(storedV2());

  test('spec and status keep what v1 has fields for', () => {
    expect(v1.kind).toBe('HorizontalPodAutoscaler');
    expect(v1.apiVersion).toBe('autoscaling/v1');
    expect(v1.spec).toEqual({ scaleTargetRef: ref, minReplicas: 2, maxReplicas: 10, targetCPUUtilizationPercentage: 60 });
    expect(v1.status).toEqual({
      observedGeneration: 4,
      lastScaleTime: '2024-05-01T11:00:00Z',
      currentReplicas: 3,
      desiredReplicas: 4,
      currentCPUUtilizationPercentage: 55,
    });
  });

  test('metadata passes through; the rest of v2 rides in the round-trip annotations, keys sorted', () => {
    const { annotations, ...rest } = v1.metadata;
    expect(rest).toEqual({ ...meta, labels: { app: 'web' } });
    expect(Object.keys(annotations)).toEqual([
      BEHAVIOR_ANNOTATION,
      CONDITIONS_ANNOTATION,
      METRIC_STATUSES_ANNOTATION,
      METRIC_SPECS_ANNOTATION,
      'owner',
    ]);
    expect(annotations.owner).toBe('team-a');
  });

  test('the metrics annotation: every metric but the CPU utilization target, as v1 (v2beta1-style) metric specs', () => {
    expect(v1.metadata.annotations[METRIC_SPECS_ANNOTATION]).toBe(
      '[{"type":"Resource","resource":{"name":"memory","targetAverageValue":"512Mi"}},' +
        '{"type":"Pods","pods":{"metricName":"requests_per_second","targetAverageValue":"1k","selector":{"matchLabels":{"tier":"web"}}}},' +
        '{"type":"Object","object":{"target":{"kind":"Ingress","name":"main","apiVersion":"networking.k8s.io/v1"},"metricName":"hits","targetValue":"10k"}},' +
        '{"type":"External","external":{"metricName":"queue_depth","targetAverageValue":"30"}}]',
    );
  });

  test('the current-metrics annotation: every current metric, CPU included', () => {
    expect(v1.metadata.annotations[METRIC_STATUSES_ANNOTATION]).toBe(
      '[{"type":"Resource","resource":{"name":"memory","currentAverageUtilization":40,"currentAverageValue":"400Mi"}},' +
        '{"type":"Pods","pods":{"metricName":"requests_per_second","currentAverageValue":"900","selector":{"matchLabels":{"tier":"web"}}}},' +
        '{"type":"Object","object":{"target":{"kind":"Ingress","name":"main","apiVersion":"networking.k8s.io/v1"},"metricName":"hits","currentValue":"9k"}},' +
        '{"type":"External","external":{"metricName":"queue_depth","currentValue":"0","currentAverageValue":"25"}},' +
        '{"type":"Resource","resource":{"name":"cpu","currentAverageUtilization":55,"currentAverageValue":"250m"}}]',
    );
  });

  test('the behavior annotation: the internal type, Go field names, nil fields as null', () => {
    expect(v1.metadata.annotations[BEHAVIOR_ANNOTATION]).toBe(
      '{"ScaleUp":{"StabilizationWindowSeconds":0,"SelectPolicy":"Max","Policies":[{"Type":"Pods","Value":4,"PeriodSeconds":15},{"Type":"Percent","Value":100,"PeriodSeconds":15}],"Tolerance":null},' +
        '"ScaleDown":{"StabilizationWindowSeconds":300,"SelectPolicy":"Max","Policies":[{"Type":"Percent","Value":100,"PeriodSeconds":15}],"Tolerance":null}}',
    );
    const partial = storedV2();
    partial.spec.behavior = { scaleDown: { selectPolicy: 'Disabled' } };
    expect(hpaV2ToV1(partial).metadata.annotations[BEHAVIOR_ANNOTATION]).toBe(
      '{"ScaleUp":null,"ScaleDown":{"StabilizationWindowSeconds":null,"SelectPolicy":"Disabled","Policies":null,"Tolerance":null}}',
    );
  });

  test('the conditions annotation: v1 conditions, a missing lastTransitionTime as null, HTML characters escaped', () => {
    expect(v1.metadata.annotations[CONDITIONS_ANNOTATION]).toBe(
      '[{"type":"AbleToScale","status":"True","lastTransitionTime":"2024-05-01T10:01:00Z","reason":"ReadyForNewScale","message":"recommended size matches current size"},' +
        '{"type":"ScalingActive","status":"True","lastTransitionTime":"2024-05-01T10:01:00Z","reason":"ValidMetricFound","message":"the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)"},' +
        '{"type":"ScalingLimited","status":"False","lastTransitionTime":"2024-05-01T10:02:00Z","reason":"DesiredWithinRange","message":"the desired count is within the acceptable range"}]',
    );
    const odd = storedV2();
    odd.status.conditions = [{ type: 'ScalingLimited', status: 'True', message: 'a < b && c > d' }];
    expect(hpaV2ToV1(odd).metadata.annotations[CONDITIONS_ANNOTATION]).toBe(
      '[{"type":"ScalingLimited","status":"True","lastTransitionTime":null,"message":"a \\u003c b \\u0026\\u0026 c \\u003e d"}]',
    );
  });

  test('a CPU-utilization-only object needs no annotation; stale round-trip annotations are dropped', () => {
    const o = storedV2();
    o.spec.metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }];
    delete o.spec.behavior;
    o.status = { currentMetrics: null, desiredReplicas: 0 };
    o.metadata.annotations = { [METRIC_SPECS_ANNOTATION]: '[]', 'autoscaling.alpha.kubernetes.io/scale-up-tolerance': '0.1' };
    const out = hpaV2ToV1(o);
    expect(out.metadata.annotations).toBeUndefined();
    expect(out.spec.targetCPUUtilizationPercentage).toBe(80);
    expect(out.status).toEqual({ currentReplicas: 0, desiredReplicas: 0 });
  });

  test('the input is not mutated', () => {
    const input = storedV2();
    hpaV2ToV1(input);
    expect(input).toEqual(storedV2());
  });
});

describe('autoscaling/v1 written back as autoscaling/v2', () => {
  test('v2 -> v1 -> v2 loses nothing (several metrics, behavior, conditions, annotations)', () => {
    const back = hpaV1ToV2(hpaV2ToV1(storedV2()));
    expect(back).toEqual(storedV2());
    expect(JSON.stringify(back)).toBe(JSON.stringify(storedV2()));
  });

  test('v1 -> v2 -> v1 loses nothing (a v1 object carrying the annotations)', () => {
    const v1 = hpaV2ToV1(storedV2());
    expect(hpaV2ToV1(hpaV1ToV2(v1))).toEqual(v1);
  });

  test('v1 -> v2 -> v1 loses nothing (plain v1)', () => {
    const v1 = {
      kind: 'HorizontalPodAutoscaler',
      apiVersion: 'autoscaling/v1',
      metadata: { ...meta },
      spec: { scaleTargetRef: ref, minReplicas: 1, maxReplicas: 5, targetCPUUtilizationPercentage: 70 },
      status: { currentReplicas: 1, desiredReplicas: 1 },
    };
    const v2 = hpaV1ToV2(v1);
    expect(v2.spec.metrics).toEqual([{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }]);
    expect(v2.status).toEqual({ currentReplicas: 1, desiredReplicas: 1, currentMetrics: null });
    expect(hpaV2ToV1(v2)).toEqual(v1);
  });

  test('status.currentCPUUtilizationPercentage becomes a CPU current metric', () => {
    const v2 = hpaV1ToV2({ metadata: { name: 'a' }, spec: { scaleTargetRef: ref, maxReplicas: 3 }, status: { currentReplicas: 2, desiredReplicas: 2, currentCPUUtilizationPercentage: 35 } });
    expect(v2.status.currentMetrics).toEqual([{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 35 } } }]);
  });

  test('no CPU target and no other metric: the explicit 80% CPU default', () => {
    const v2 = hpaV1ToV2({ metadata: { name: 'a' }, spec: { scaleTargetRef: ref, maxReplicas: 3 } });
    expect(v2.spec.metrics).toEqual([{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }]);
  });

  test('annotation metrics come first, the CPU target last', () => {
    const v2 = hpaV1ToV2({
      metadata: { name: 'a', annotations: { [METRIC_SPECS_ANNOTATION]: '[{"type":"Pods","pods":{"metricName":"qps","targetAverageValue":"10"}}]' } },
      spec: { scaleTargetRef: ref, maxReplicas: 3, targetCPUUtilizationPercentage: 50 },
    });
    expect(v2.spec.metrics).toEqual([
      { type: 'Pods', pods: { metric: { name: 'qps' }, target: { type: 'AverageValue', averageValue: '10' } } },
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } },
    ]);
    expect(v2.metadata.annotations).toBeUndefined();
  });

  test('an annotation that does not decode is ignored, and dropped like the others', () => {
    const v2 = hpaV1ToV2({
      metadata: {
        name: 'a',
        annotations: {
          keep: 'me',
          [METRIC_SPECS_ANNOTATION]: '[{"type":"Pods","pods":{"metricName":"qps","targetAverageValue":"ten"}}]',
          [BEHAVIOR_ANNOTATION]: '{"ScaleUp":{"StabilizationWindowSeconds":"60"}}',
          [METRIC_STATUSES_ANNOTATION]: 'not json',
          [CONDITIONS_ANNOTATION]: '[{"type":"AbleToScale","status":"True","lastTransitionTime":"2024-02-30T00:00:00Z"}]',
        },
      },
      spec: { scaleTargetRef: ref, maxReplicas: 3, targetCPUUtilizationPercentage: 50 },
    });
    expect(v2.metadata.annotations).toEqual({ keep: 'me' });
    expect(v2.spec.metrics).toHaveLength(1);
    expect(v2.spec.behavior).toBeUndefined();
    expect(v2.status).toEqual({ desiredReplicas: 0, currentMetrics: null });
  });

  test('annotations decode like encoding/json: keys case-insensitively, unknown keys ignored, times to UTC', () => {
    const v2 = hpaV1ToV2({
      metadata: {
        name: 'a',
        annotations: {
          [BEHAVIOR_ANNOTATION]: '{"scaleDown":{"stabilizationWindowSeconds":60,"policies":[{"type":"Pods","value":1,"periodSeconds":60}],"extra":1}}',
          [CONDITIONS_ANNOTATION]: '[{"type":"AbleToScale","status":"True","lastTransitionTime":"2024-01-01T02:00:00.5+02:00"}]',
        },
      },
      spec: { scaleTargetRef: ref, maxReplicas: 3 },
    });
    expect(v2.spec.behavior).toEqual({ scaleDown: { stabilizationWindowSeconds: 60, policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] } });
    expect(v2.status.conditions).toEqual([{ type: 'AbleToScale', status: 'True', lastTransitionTime: '2024-01-01T00:00:00Z' }]);
  });

  test('upstream quirks kept: CPU target moves last, v1 non-pointer values come back as "0"', () => {
    const o = storedV2();
    o.spec.metrics = [
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } },
      { type: 'Object', object: { describedObject: { kind: 'Service', name: 's' }, target: { type: 'AverageValue', averageValue: '2' }, metric: { name: 'm' } } },
    ];
    o.status.currentMetrics = [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 55 } } }];
    const back = hpaV1ToV2(hpaV2ToV1(o));
    expect(back.spec.metrics).toEqual([
      { type: 'Object', object: { describedObject: { kind: 'Service', name: 's' }, target: { type: 'AverageValue', value: '0', averageValue: '2' }, metric: { name: 'm' } } },
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } },
    ]);
    expect(back.status.currentMetrics).toEqual([{ type: 'Resource', resource: { name: 'cpu', current: { averageValue: '0', averageUtilization: 55 } } }]);
  });

  test('the input is not mutated', () => {
    const input = hpaV2ToV1(storedV2());
    const copy = structuredClone(input);
    hpaV1ToV2(input);
    expect(input).toEqual(copy);
  });
});
