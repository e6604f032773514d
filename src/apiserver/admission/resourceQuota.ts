// ResourceQuota admission on create: the object's usage (src/api/quotaUsage.ts) added to each
// quota's status.used in its namespace must stay within spec.hard for every resource the quota
// limits, or the create is refused with upstream's 403 "exceeded quota: q, requested: ...,
// used: ..., limited: ...". An admitted object's usage is written into the quotas' status at
// once (compare-and-swap), so concurrent creates cannot both take the last unit. Scoped quotas
// (Terminating, BestEffort, PriorityClass, ...) only see the pods in their scopes. The
// resourcequota controller recounts from the objects themselves.
import { formatQuotaAmount, quotaAmount, quotaScopesMatch, quotaUsage, type QuotaScopes, type Usage } from '../../api/quotaUsage.js';
import type { KubeObject } from '../../registry/object.js';
import type { Registries } from '../../registry/registries.js';
import type { Store } from '../../registry/store.js';
import { StatusError } from '../../registry/statusError.js';

type Quota = { metadata: { name?: string }; spec?: QuotaScopes & { hard?: Record<string, string> }; status?: { hard?: Record<string, string>; used?: Record<string, string> } };

/** The compute resources every container must state once a quota limits them (upstream's backward-compatible rule). */
const CONSTRAINED = ['cpu', 'limits.cpu', 'limits.memory', 'memory', 'requests.cpu', 'requests.memory'];
type Container = { name: string; resources?: { requests?: Record<string, unknown>; limits?: Record<string, unknown> } };

/** Upstream's pod constraint: "must specify <resource> for: <containers>; ...", resources and containers sorted. */
function podConstraintFailure(pod: KubeObject, hard: Record<string, string>): string | undefined {
  const spec = (pod.spec ?? {}) as { containers?: Container[]; initContainers?: Container[] };
  const containers = [...(spec.containers ?? []), ...(spec.initContainers ?? [])];
  const missing: string[] = [];
  for (const name of CONSTRAINED.filter((n) => n in hard)) {
    const plain = name.slice(name.indexOf('.') + 1);
    // A limit alone is a request too (the API defaults the request from it).
    const lacking = containers.filter((c) => (name.startsWith('limits.')
      ? c.resources?.limits?.[plain] === undefined
      : c.resources?.requests?.[plain] === undefined && c.resources?.limits?.[plain] === undefined)).map((c) => c.name).sort();
    if (lacking.length) missing.push(`${name} for: ${lacking.join(',')}`);
  }
  return missing.length ? `must specify ${missing.join('; ')}` : undefined;
}

const list = (names: string[], value: (name: string) => string) => names.map((name) => `${name}=${value(name)}`).join(',');

/** The admitted quota status, or the refusal, for one quota. */
function charge(quota: Quota, usage: Usage, target: Store['target'], objectName: string): Quota['status'] | undefined {
  const hard = quota.spec?.hard ?? {};
  const limited = [...usage.keys()].filter((name) => name in hard).sort();
  if (limited.length === 0) return undefined;
  const known = quota.status?.hard ?? {};
  const unknown = limited.filter((name) => !(name in known));
  if (unknown.length > 0) {
    throw StatusError.forbidden(target, objectName, `status unknown for quota: ${quota.metadata.name}, resources: ${unknown.join(',')}`);
  }
  const used = quota.status?.used ?? {};
  const exceeded = limited.filter((name) => quotaAmount(used[name] ?? '0') + usage.get(name)! > quotaAmount(hard[name]));
  if (exceeded.length > 0) {
    throw StatusError.forbidden(target, objectName, `exceeded quota: ${quota.metadata.name}, requested: ${list(exceeded, (n) => formatQuotaAmount(usage.get(n)!, hard[n]))}, `
      + `used: ${list(exceeded, (n) => formatQuotaAmount(quotaAmount(used[n] ?? '0'), hard[n]))}, limited: ${list(exceeded, (n) => hard[n])}`);
  }
  const charged = { ...used };
  for (const name of limited) charged[name] = formatQuotaAmount(quotaAmount(used[name] ?? '0') + usage.get(name)!, hard[name]);
  return { ...quota.status, used: charged };
}

export async function admitResourceQuota(registries: Registries, store: Store, namespace: string, object: KubeObject, dryRun: boolean): Promise<void> {
  const quotas = registries.store('', 'v1', 'resourcequotas')!;
  const { items } = await quotas.list(namespace);
  if (items.length === 0) return;
  const { group, resource } = store.info;
  const usage = quotaUsage(group, resource, object);
  const name = object.metadata?.name ?? '';
  for (const quota of items as Quota[]) {
    if (!quotaScopesMatch(quota.spec ?? {}, group, resource, object)) continue;
    const constraint = group === '' && resource === 'pods' ? podConstraintFailure(object, quota.spec?.hard ?? {}) : undefined;
    if (constraint) throw StatusError.forbidden(store.target, name, `failed quota: ${quota.metadata.name}: ${constraint}`);
    if (!charge(quota, usage, store.target, name) || dryRun) continue;
    await quotas.guaranteedUpdate(namespace, quota.metadata.name!, async (current) => {
      const status = charge(current as Quota, usage, store.target, name);
      return status ? { ...current, status } : current;
    }, { subresource: 'status' });
  }
}
