// The Table of NodeMetrics and PodMetrics (`kubectl get nodemetrics`, `podmetrics`), with
// metrics-server's columns: Name, one per resource (cpu, memory; a pod's summed over its
// containers) and Window.
import { toTable, type IncludeObject, type Table, type TableConvertor } from '../../registry/tables/index.js';
import { cpuQuantity, memoryQuantity, quantityValue } from './metricsObjects.js';

interface MetricsObject {
  kind?: string;
  apiVersion?: string;
  metadata: { name?: string };
  window: string;
  usage?: Record<string, string>;
  containers?: { usage: Record<string, string> }[];
}

const column = (name: string, format: string, description = '') => ({ name, type: 'string', format, description, priority: 0 });

const convertor: TableConvertor<MetricsObject> = {
  columns: [column('Name', 'name', 'Name of the resource'), column('cpu', 'quantity'), column('memory', 'quantity'), column('Window', 'duration')],
  cells(object) {
    const usages = object.usage ? [object.usage] : (object.containers ?? []).map((c) => c.usage);
    const total = (resource: string) => usages.reduce((sum, usage) => sum + quantityValue(usage[resource] ?? '0'), 0);
    return [object.metadata.name ?? '', cpuQuantity(total('cpu') * 1e9), memoryQuantity(total('memory')), object.window];
  },
};

export function metricsTable(objects: object[], includeObject: IncludeObject, version: string): Table {
  return toTable(convertor, objects as MetricsObject[], {
    includeObject, listMeta: { resourceVersion: '' }, apiVersion: version === 'v1beta1' ? 'meta.k8s.io/v1beta1' : 'meta.k8s.io/v1',
  });
}
