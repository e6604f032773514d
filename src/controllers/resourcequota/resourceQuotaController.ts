// The resource quota controller (upstream's `resourcequota-controller`): each ResourceQuota's
// status is its spec.hard and, for every resource named there, the usage of the namespace's
// objects now (src/api/quotaUsage.ts). Changes to the counted objects recount their
// namespace's quotas; every quota is recounted every five minutes anyway.
import { isDeepStrictEqual } from 'node:util';
import { CoreV1Api, PatchStrategy, setHeaderOptions, type V1ResourceQuota } from '@kubernetes/client-node';
import { formatQuotaAmount, podCountsForQuota, quotaScopesMatch, quotaUsage, type QuotaScopes } from '../../api/quotaUsage.js';
import { NAMESPACE_INDEX, type KubeObject } from '../../runtime/cache/index.js';
import type { Controller, ObjectEvent, Request } from '../../runtime/controller/index.js';
import type { Manager } from '../../runtime/manager/index.js';
import { countedResource } from './quotaResources.js';

const RESYNC_MS = 5 * 60_000;
const WATCHED = ['pods', 'services', 'persistentvolumeclaims', 'configmaps', 'secrets', 'replicationcontrollers'];
const mergePatch = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

export function addResourceQuotaController(manager: Manager): Controller {
  const core = manager.kubeConfig.makeApiClient(CoreV1Api);
  const quotas = manager.informers.forResource('/api/v1/resourcequotas').store;
  const quotasOf = (object: KubeObject): Request[] => {
    const namespace = object.metadata?.namespace ?? '';
    return quotas.byIndex(NAMESPACE_INDEX, namespace).map((quota) => ({ namespace, name: quota.metadata!.name! }));
  };
  const released = (event: ObjectEvent) => {
    if (event.type === 'delete') return quotasOf(event.object);
    if (event.type === 'update' && podCountsForQuota(event.old) && !podCountsForQuota(event.object)) return quotasOf(event.object);
    return [];
  };
  // A quota recounts when made or when its limits change, not on the admission's charges to its status.
  const hardChanged = (event: ObjectEvent) => event.type !== 'update'
    || !isDeepStrictEqual((event.old as V1ResourceQuota).spec?.hard, (event.object as V1ResourceQuota).spec?.hard);
  let builder = manager.controller().named('resourcequota').for('/api/v1/resourcequotas', { predicates: [hardChanged] });
  for (const resource of WATCHED) builder = builder.watches(`/api/v1/${resource}`, { handler: released });
  return builder.complete(async ({ namespace, name }) => {
    const quota = quotas.get(`${namespace}/${name}`) as V1ResourceQuota | undefined;
    if (!quota) return;
    const hard = (quota.spec?.hard ?? {}) as Record<string, string>;
    const totals = new Map<string, bigint>();
    const counted = new Set<string>();
    for (const resourceName of Object.keys(hard)) {
      const source = countedResource(resourceName);
      if (!source || counted.has(source.path)) continue;
      counted.add(source.path);
      const informer = manager.informers.forResource(source.path);
      await informer.waitForSync(30_000);
      for (const object of informer.store.byIndex(NAMESPACE_INDEX, namespace!)) {
        if (!quotaScopesMatch((quota.spec ?? {}) as QuotaScopes, source.group, source.resource, object)) continue;
        for (const [key, amount] of quotaUsage(source.group, source.resource, object)) totals.set(key, (totals.get(key) ?? 0n) + amount);
      }
    }
    const used: Record<string, string> = {};
    for (const resourceName of Object.keys(hard).sort()) used[resourceName] = formatQuotaAmount(totals.get(resourceName) ?? 0n, hard[resourceName]);
    const status = { hard, used };
    if (!isDeepStrictEqual(quota.status ?? {}, status)) {
      await core.patchNamespacedResourceQuotaStatus({ namespace: namespace!, name, body: { status: { hard: quotaHardPatch(quota, hard), used: { ...nulls(quota.status?.used), ...used } } } }, mergePatch);
    }
    return { requeueAfter: RESYNC_MS };
  });
}

/** Merge patch values removing names no longer there. */
function nulls(values: Record<string, unknown> | undefined): Record<string, null> {
  return Object.fromEntries(Object.keys(values ?? {}).map((key) => [key, null]));
}

function quotaHardPatch(quota: V1ResourceQuota, hard: Record<string, string>): Record<string, string | null> {
  return { ...nulls(quota.status?.hard as Record<string, unknown> | undefined), ...hard };
}
