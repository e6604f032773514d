// `/metrics/resource`: the CPU and memory figures of a summary in the Prometheus text format,
// under upstream's stable metric names and labels, each sample with the time it was taken (ms),
// as metrics-server reads them.
import type { Summary } from './summaryTypes.js';

interface Family {
  name: string;
  help: string;
  type: 'counter' | 'gauge';
  stability: 'STABLE' | 'ALPHA';
  samples: string[];
}

const escape = (value: string) => value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

function sample(name: string, labels: Record<string, string>, value: number, time?: string): string {
  const pairs = Object.entries(labels).map(([key, v]) => `${key}="${escape(v)}"`).join(',');
  return `${name}${pairs ? `{${pairs}}` : ''} ${value}${time ? ` ${Date.parse(time)}` : ''}`;
}

/** The document; `scrapeError` marks a summary the runtime could not give in full. */
export function resourceMetricsText(summary: Summary, scrapeError: boolean): string {
  const family = (name: string, help: string, type: Family['type'], stability: Family['stability'] = 'STABLE'): Family =>
    ({ name, help, type, stability, samples: [] });
  const containerCpu = family('container_cpu_usage_seconds_total', 'Cumulative CPU time of the container, in core-seconds', 'counter');
  const containerMemory = family('container_memory_working_set_bytes', 'Current working set of the container, in bytes', 'gauge');
  const containerStart = family('container_start_time_seconds', 'When the container started, in seconds since the Unix epoch', 'gauge');
  const nodeCpu = family('node_cpu_usage_seconds_total', 'Cumulative CPU time of the node, in core-seconds', 'counter');
  const nodeMemory = family('node_memory_working_set_bytes', 'Current working set of the node, in bytes', 'gauge');
  const podCpu = family('pod_cpu_usage_seconds_total', 'Cumulative CPU time of the pod, in core-seconds', 'counter');
  const podMemory = family('pod_memory_working_set_bytes', 'Current working set of the pod, in bytes', 'gauge');
  const error = family('scrape_error', '1 when the container figures could not be read, 0 otherwise', 'gauge', 'ALPHA');

  const { node } = summary;
  if (node.cpu?.usageCoreNanoSeconds !== undefined) nodeCpu.samples.push(sample(nodeCpu.name, {}, node.cpu.usageCoreNanoSeconds / 1e9, node.cpu.time));
  if (node.memory?.workingSetBytes !== undefined) nodeMemory.samples.push(sample(nodeMemory.name, {}, node.memory.workingSetBytes, node.memory.time));
  for (const pod of summary.pods) {
    const podLabels = { namespace: pod.podRef.namespace, pod: pod.podRef.name };
    if (pod.cpu?.usageCoreNanoSeconds !== undefined) podCpu.samples.push(sample(podCpu.name, podLabels, pod.cpu.usageCoreNanoSeconds / 1e9, pod.cpu.time));
    if (pod.memory?.workingSetBytes !== undefined) podMemory.samples.push(sample(podMemory.name, podLabels, pod.memory.workingSetBytes, pod.memory.time));
    for (const container of pod.containers) {
      const labels = { container: container.name, ...podLabels };
      if (container.cpu?.usageCoreNanoSeconds !== undefined) {
        containerCpu.samples.push(sample(containerCpu.name, labels, container.cpu.usageCoreNanoSeconds / 1e9, container.cpu.time));
      }
      if (container.memory?.workingSetBytes !== undefined) {
        containerMemory.samples.push(sample(containerMemory.name, labels, container.memory.workingSetBytes, container.memory.time));
      }
      containerStart.samples.push(sample(containerStart.name, labels, Date.parse(container.startTime) / 1000, container.cpu?.time));
    }
  }
  error.samples.push(sample(error.name, {}, scrapeError ? 1 : 0));

  return [containerCpu, containerMemory, containerStart, nodeCpu, nodeMemory, podCpu, podMemory, error]
    .map((f) => [`# HELP ${f.name} [${f.stability}] ${f.help}`, `# TYPE ${f.name} ${f.type}`, ...f.samples].join('\n'))
    .join('\n') + '\n';
}
