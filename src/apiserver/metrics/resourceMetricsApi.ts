// GET and LIST of metrics.k8s.io/v1beta1 nodes and pods, computed on request: the Nodes (or
// the Pods' Nodes) are read from the registry, each Ready node's kubelet is asked for its
// /metrics/resource in parallel within a short deadline, and nodes that do not answer are
// left out, as metrics-server leaves out nodes it could not scrape.
import type { V1Node, V1Pod } from '@kubernetes/client-node';
import { logger } from '../../log/index.js';
import type { Registries } from '../../registry/registries.js';
import { StatusError } from '../../registry/statusError.js';
import type { KubeletClientConfig } from '../handlers/podStreams/index.js';
import { nodeKubelet } from '../handlers/podStreams/kubeletLocation.js';
import { includeObject } from '../handlers/request.js';
import type { VirtualRequest } from '../handlers/virtualResources.js';
import { writeObject } from '../http/respond.js';
import { scrapeKubelet } from './kubeletScrape.js';
import { metricsList, nodeMetrics, podMetrics } from './metricsObjects.js';
import { METRICS_GROUP } from './metricsResources.js';
import { metricsTable } from './metricsTable.js';
import { containerKey, parseResourceMetrics } from './resourceMetricsText.js';
import { UsageRates, type NodeUsage } from './usageRates.js';

const log = logger('metrics-api');

const isReady = (node: V1Node) => node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;

export class ResourceMetricsApi {
  private readonly rates = new UsageRates();

  constructor(private readonly kubelet: KubeletClientConfig) {}

  async serve(r: VirtualRequest): Promise<void> {
    const { verb, name, namespace } = r.info;
    const nodes = r.resource.resource === 'nodes';
    if (verb !== 'get' && verb !== 'list') throw StatusError.methodNotSupported({ group: METRICS_GROUP, resource: r.resource.resource }, verb);
    const selectors = { labelSelector: r.query.get('labelSelector') ?? undefined, fieldSelector: r.query.get('fieldSelector') ?? undefined };
    const now = Date.now();
    let items: object[];
    if (nodes) {
      const found = name !== undefined ? [await this.node(r.registries, name)] : (await r.registries.store('', 'v1', 'nodes')!.list(undefined, selectors)).items as V1Node[];
      // Every node listed: the bases of deleted ones go.
      if (name === undefined && !selectors.labelSelector && !selectors.fieldSelector) this.rates.retain(new Set(found.map((n) => n.metadata!.name!)));
      items = await this.nodeItems(found, now);
      if (name !== undefined && items.length === 0) throw StatusError.notFound({ group: METRICS_GROUP, resource: 'nodemetrics' }, name);
    } else {
      const pods = r.registries.store('', 'v1', 'pods')!;
      const found = name !== undefined
        ? [await pods.get(namespace, name).catch(() => { throw podMetricsNotFound(namespace!, name); }) as V1Pod]
        : (await pods.list(namespace, selectors)).items as V1Pod[];
      items = await this.podItems(r.registries, found, now);
      if (name !== undefined && items.length === 0) throw podMetricsNotFound(namespace!, name);
    }
    if (r.format.transform === 'Table') {
      return writeObject(r.response, 200, metricsTable(items, includeObject(r.query), r.format.transformVersion ?? 'v1'), r.format);
    }
    const answer = name !== undefined ? items[0] : metricsList(nodes ? 'NodeMetricsList' : 'PodMetricsList', items);
    writeObject(r.response, 200, answer, r.format);
  }

  private async node(registries: Registries, name: string): Promise<V1Node> {
    try {
      return await registries.store('', 'v1', 'nodes')!.get(undefined, name) as V1Node;
    } catch {
      throw StatusError.notFound({ group: METRICS_GROUP, resource: 'nodemetrics' }, name);
    }
  }

  /** The usage of each Ready node that answered, by node name. */
  private async usages(nodes: V1Node[]): Promise<Map<string, NodeUsage>> {
    const answers = await Promise.all(nodes.filter(isReady).map(async (node) => {
      const name = node.metadata!.name!;
      try {
        const endpoint = nodeKubelet(node);
        const usage = await this.rates.usage(name, async () => parseResourceMetrics(await scrapeKubelet(name, endpoint, this.kubelet)));
        return [name, usage] as const;
      } catch (error) {
        log.warn('failed to scrape node', { node: name, error: (error as Error).message });
        return undefined;
      }
    }));
    return new Map(answers.filter((a) => a !== undefined));
  }

  private async nodeItems(nodes: V1Node[], now: number): Promise<object[]> {
    const usages = await this.usages(nodes);
    return nodes.flatMap((node) => {
      const usage = usages.get(node.metadata!.name!)?.node;
      return usage ? [nodeMetrics(node, usage, now)] : [];
    });
  }

  private async podItems(registries: Registries, pods: V1Pod[], now: number): Promise<object[]> {
    const nodeNames = [...new Set(pods.map((p) => p.spec?.nodeName).filter((n): n is string => !!n))];
    const nodeStore = registries.store('', 'v1', 'nodes')!;
    const nodes = (await Promise.all(nodeNames.map((n) => nodeStore.get(undefined, n).catch(() => undefined)))).filter((n) => n !== undefined) as V1Node[];
    const usages = await this.usages(nodes);
    return pods.flatMap((pod) => {
      const usage = usages.get(pod.spec?.nodeName ?? '');
      if (!usage) return [];
      const { namespace, name } = pod.metadata!;
      const containers = (pod.spec?.containers ?? []).flatMap((c) => {
        const found = usage.containers.get(containerKey(namespace!, name!, c.name));
        return found ? [{ name: c.name, usage: found }] : [];
      });
      return containers.length > 0 ? [podMetrics(pod, containers, now)] : [];
    });
  }
}

const podMetricsNotFound = (namespace: string, name: string) =>
  StatusError.notFound({ group: METRICS_GROUP, resource: 'podmetrics' }, `${namespace}/${name}`);
