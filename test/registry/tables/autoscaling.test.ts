import { tableConvertorFor } from '../../../src/registry/tables/index.js';
import { MIN, ago, cells, columnNames } from './fixtures.js';

const meta = { name: 'web', namespace: 'default', creationTimestamp: ago(5 * MIN) };
const ref = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' };
const hpa = (metrics: object[] | undefined, currentMetrics: object[] | undefined, extra: object = {}) => ({
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: meta,
  spec: { scaleTargetRef: ref, minReplicas: 2, maxReplicas: 10, metrics, ...extra },
  status: { currentReplicas: 3, desiredReplicas: 3, currentMetrics },
});
const targets = (object: object) => cells('autoscaling', 'HorizontalPodAutoscaler', object)[2];

const cpu = (utilization?: number) => ({ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: utilization } } });
const cpuNow = (utilization: number) => ({ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: utilization, averageValue: '120m' } } });

describe('HorizontalPodAutoscaler table', () => {
  it('has the upstream columns', () => {
    expect(columnNames('autoscaling', 'HorizontalPodAutoscaler')).toEqual(['Name', 'Reference', 'Targets', 'MinPods', 'MaxPods', 'Replicas', 'Age']);
  });

  it('shows a CPU utilization target against the current value', () => {
    expect(cells('autoscaling', 'HorizontalPodAutoscaler', hpa([cpu(80)], [cpuNow(45)]))).toEqual([
      'web',
      'Deployment/web',
      'cpu: 45%/80%',
      '2',
      10,
      3,
      '5m',
    ]);
    expect(targets(hpa([cpu(80)], undefined))).toBe('cpu: <unknown>/80%');
    expect(targets(hpa([cpu()], [cpuNow(45)]))).toBe('cpu: 45%/<auto>');
  });

  it('shows value, average value, pods, object, external and container metrics', () => {
    const memory = { type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '500Mi' } } };
    const memoryNow = { type: 'Resource', resource: { name: 'memory', current: { averageValue: '358400Ki' } } };
    expect(targets(hpa([memory], [memoryNow]))).toBe('memory: 350Mi/500Mi');
    const pods = { type: 'Pods', pods: { metric: { name: 'rps' }, target: { type: 'AverageValue', averageValue: '100' } } };
    expect(targets(hpa([pods], [{ type: 'Pods', pods: { metric: { name: 'rps' }, current: { averageValue: '75' } } }]))).toBe('75/100');
    const object = { type: 'Object', object: { describedObject: { kind: 'Ingress', name: 'web' }, metric: { name: 'hits' }, target: { type: 'Value', value: '10k' } } };
    expect(targets(hpa([object], [{ type: 'Object', object: { current: { value: '2000' } } }]))).toBe('2k/10k');
    const external = { type: 'External', external: { metric: { name: 'queue' }, target: { type: 'AverageValue', averageValue: '30' } } };
    expect(targets(hpa([external], [{ type: 'External', external: { current: { averageValue: '25' } } }]))).toBe('25/30 (avg)');
    expect(targets(hpa([external], []))).toBe('<unknown>/30 (avg)');
    const container = { type: 'ContainerResource', containerResource: { name: 'cpu', container: 'app', target: { type: 'Utilization', averageUtilization: 60 } } };
    expect(targets(hpa([container], []))).toBe('cpu: <unknown>/60%');
    expect(targets(hpa([{ type: 'Custom' }], []))).toBe('<unknown type>');
  });

  it('shows two metrics, then how many more', () => {
    const pods = { type: 'Pods', pods: { metric: { name: 'rps' }, target: { type: 'AverageValue', averageValue: '100m' } } };
    const podsNow = { type: 'Pods', pods: { current: { averageValue: '50m' } } };
    expect(targets(hpa([pods, cpu(80), cpu(90)], [podsNow, cpuNow(50)]))).toBe('50m/100m, cpu: 50%/80% + 1 more...');
  });

  it('applies the API defaults: 80% CPU without metrics, one minimum replica', () => {
    const bare = { metadata: meta, spec: { scaleTargetRef: ref, maxReplicas: 4 } };
    expect(cells('autoscaling', 'HorizontalPodAutoscaler', bare)).toEqual(['web', 'Deployment/web', 'cpu: <unknown>/80%', '1', 4, 0, '5m']);
  });

  it('reads autoscaling/v1 objects the way their conversion does', () => {
    const v1 = (spec: object, status: object = {}, annotations?: object) => ({
      apiVersion: 'autoscaling/v1',
      kind: 'HorizontalPodAutoscaler',
      metadata: { ...meta, annotations },
      spec: { scaleTargetRef: ref, minReplicas: 1, maxReplicas: 5, ...spec },
      status: { currentReplicas: 2, desiredReplicas: 2, ...status },
    });
    expect(cells('autoscaling', 'HorizontalPodAutoscaler', v1({ targetCPUUtilizationPercentage: 50 }, { currentCPUUtilizationPercentage: 30 }))).toEqual([
      'web',
      'Deployment/web',
      'cpu: 30%/50%',
      '1',
      5,
      2,
      '5m',
    ]);
    expect(targets(v1({}))).toBe('cpu: <unknown>/80%');
    expect(targets(v1({ targetCPUUtilizationPercentage: null }, { currentCPUUtilizationPercentage: null }))).toBe('cpu: <unknown>/80%');
    const annotated = v1({ targetCPUUtilizationPercentage: 70 }, { currentCPUUtilizationPercentage: 99 }, {
      'autoscaling.alpha.kubernetes.io/metrics': JSON.stringify([{ type: 'Pods', pods: { metricName: 'rps', targetAverageValue: '100' } }]),
      'autoscaling.alpha.kubernetes.io/current-metrics': JSON.stringify([
        { type: 'Pods', pods: { metricName: 'rps', currentAverageValue: '42' } },
        { type: 'Resource', resource: { name: 'cpu', currentAverageUtilization: 35, currentAverageValue: '0' } },
      ]),
    });
    expect(targets(annotated)).toBe('42/100, cpu: 35%/70%');
  });
});

describe('Scale table', () => {
  it('shows desired and available replicas', () => {
    expect(columnNames('autoscaling', 'Scale')).toEqual(['Name', 'Desired', 'Available', 'Age']);
    expect(tableConvertorFor('autoscaling', 'Scale').columns[0]!.format).toBe('');
    expect(cells('autoscaling', 'Scale', { metadata: meta, spec: { replicas: 3 }, status: { replicas: 2, selector: 'app=web' } })).toEqual(['web', 3, 2, '5m']);
  });
});
