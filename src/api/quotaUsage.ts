// What an object counts against a ResourceQuota (upstream's quota evaluators): object counts
// (`pods`, `services`, `count/<resource>[.<group>]`, ...), a pod's compute requests and limits
// (`requests.cpu` = `cpu`, `limits.memory`, ...), a claim's storage (also per StorageClass), a
// Service's node ports and load balancers. Amounts are kept in thousandths (milli-units) so they
// add exactly; formatQuotaAmount writes them back as quantities.
import { Quantity } from './quantity.js';

export type Usage = Map<string, bigint>;

/** Resources counted by their plain name as well as `count/<name>`. */
const PLAIN_COUNTS = new Set(['pods', 'services', 'configmaps', 'secrets', 'persistentvolumeclaims', 'replicationcontrollers', 'resourcequotas']);
const BINARY_SUFFIX = /[KMGTPE]i$/;
type Json = Record<string, unknown>;

const milli = (value: unknown): bigint => {
  try { return Quantity.fromJSON(value).milliValue(); } catch { return 0n; }
};
const add = (usage: Usage, name: string, amount: bigint) => usage.set(name, (usage.get(name) ?? 0n) + amount);

/** The name of a resource's object count: `count/pods`, `count/deployments.apps`. */
export function countResourceName(group: string, resource: string): string {
  return group ? `count/${resource}.${group}` : `count/${resource}`;
}

/** The pod's compute: containers summed, each init container's need counted when larger, plus overhead. */
function podCompute(pod: Json, kind: 'requests' | 'limits'): Map<string, bigint> {
  const spec = (pod.spec ?? {}) as { containers?: Json[]; initContainers?: Json[]; overhead?: Json };
  const amounts = (container: Json) => {
    const resources = (container.resources ?? {}) as { requests?: Json; limits?: Json };
    // A limit without a request is the request too (the API defaults it so).
    return { ...(kind === 'requests' ? resources.limits : {}), ...resources[kind] } as Json;
  };
  const total = new Map<string, bigint>();
  for (const container of spec.containers ?? []) {
    for (const [name, value] of Object.entries(amounts(container))) total.set(name, (total.get(name) ?? 0n) + milli(value));
  }
  for (const container of spec.initContainers ?? []) {
    for (const [name, value] of Object.entries(amounts(container))) {
      if (milli(value) > (total.get(name) ?? 0n)) total.set(name, milli(value));
    }
  }
  for (const [name, value] of Object.entries(spec.overhead ?? {})) total.set(name, (total.get(name) ?? 0n) + milli(value));
  return total;
}

/** Whether a pod still counts: not Succeeded or Failed. */
export function podCountsForQuota(pod: Json): boolean {
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed';
}

export function quotaUsage(group: string, resource: string, object: Json): Usage {
  const usage: Usage = new Map();
  if (group === '' && resource === 'pods' && !podCountsForQuota(object)) return usage;
  add(usage, countResourceName(group, resource), 1000n);
  if (group === '' && PLAIN_COUNTS.has(resource)) add(usage, resource, 1000n);
  if (group === '' && resource === 'pods') {
    for (const [name, amount] of podCompute(object, 'requests')) {
      add(usage, `requests.${name}`, amount);
      if (name === 'cpu' || name === 'memory' || name === 'ephemeral-storage') add(usage, name, amount);
    }
    for (const [name, amount] of podCompute(object, 'limits')) add(usage, `limits.${name}`, amount);
  }
  if (group === '' && resource === 'services') {
    const spec = (object.spec ?? {}) as { type?: string; ports?: Array<{ nodePort?: number }> };
    if (spec.type === 'LoadBalancer') add(usage, 'services.loadbalancers', 1000n);
    if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') add(usage, 'services.nodeports', BigInt(spec.ports?.length ?? 0) * 1000n);
  }
  if (group === '' && resource === 'persistentvolumeclaims') {
    const spec = (object.spec ?? {}) as { storageClassName?: string; resources?: { requests?: Json } };
    const storage = milli(spec.resources?.requests?.storage);
    add(usage, 'requests.storage', storage);
    if (spec.storageClassName) {
      add(usage, `${spec.storageClassName}.storageclass.storage.k8s.io/requests.storage`, storage);
      add(usage, `${spec.storageClassName}.storageclass.storage.k8s.io/persistentvolumeclaims`, 1000n);
    }
  }
  return usage;
}

/** A milli-unit amount as a quantity, in the binary form when `like` (the hard limit) is written so. */
export function formatQuotaAmount(amount: bigint, like?: string): string {
  if (amount % 1000n !== 0n) return Quantity.parse(`${amount}m`).canonical();
  const units = amount / 1000n;
  if (like && BINARY_SUFFIX.test(like) && units % 1024n === 0n) return Quantity.parse(`${units / 1024n}Ki`).canonical();
  return Quantity.parse(String(units)).canonical();
}

/** A quantity as milli-units (0 when unparsable). */
export function quotaAmount(value: unknown): bigint {
  return milli(value);
}

interface ScopeRequirement { scopeName: string; operator: string; values?: string[] }
export interface QuotaScopes { scopes?: string[]; scopeSelector?: { matchExpressions?: ScopeRequirement[] } }

function isBestEffort(pod: Json): boolean {
  const spec = (pod.spec ?? {}) as { containers?: Json[]; initContainers?: Json[] };
  return [...(spec.containers ?? []), ...(spec.initContainers ?? [])].every((container) => {
    const resources = (container.resources ?? {}) as { requests?: Json; limits?: Json };
    return Object.keys(resources.requests ?? {}).length === 0 && Object.keys(resources.limits ?? {}).length === 0;
  });
}

function scopeHolds(requirement: ScopeRequirement, pod: Json): boolean {
  const spec = (pod.spec ?? {}) as { activeDeadlineSeconds?: number; priorityClassName?: string };
  const terminating = spec.activeDeadlineSeconds !== undefined && spec.activeDeadlineSeconds !== null && spec.activeDeadlineSeconds >= 0;
  switch (requirement.scopeName) {
    case 'Terminating': return terminating;
    case 'NotTerminating': return !terminating;
    case 'BestEffort': return isBestEffort(pod);
    case 'NotBestEffort': return !isBestEffort(pod);
    case 'PriorityClass': {
      const name = spec.priorityClassName;
      const values = requirement.values ?? [];
      switch (requirement.operator) {
        case 'In': return name !== undefined && values.includes(name);
        case 'NotIn': return name === undefined || !values.includes(name);
        case 'Exists': return name !== undefined && name !== '';
        case 'DoesNotExist': return name === undefined || name === '';
        default: return false;
      }
    }
    default: return false;
  }
}

/** Whether a quota's scopes select the object: all of them must hold, and only pods are in any scope. */
export function quotaScopesMatch(quota: QuotaScopes, group: string, resource: string, object: Json): boolean {
  const requirements: ScopeRequirement[] = [
    ...(quota.scopes ?? []).map((scopeName) => ({ scopeName, operator: 'Exists' })),
    ...(quota.scopeSelector?.matchExpressions ?? []),
  ];
  if (requirements.length === 0) return true;
  if (group !== '' || resource !== 'pods') return false;
  return requirements.every((requirement) => scopeHolds(requirement, object));
}
