// ControllerRevisions, as upstream's controller history for DaemonSets and StatefulSets: each
// version of an owner's pod template is kept as a ControllerRevision `<owner>-<hash>` owned by
// it, whose data is the strategic merge patch that puts the template back (`kubectl rollout
// undo` applies it) and whose revision number orders the versions. Returning to an older
// template renumbers its revision as the newest. Revisions beyond revisionHistoryLimit that no
// pod uses are deleted, oldest first.
import { AppsV1Api, PatchStrategy, setHeaderOptions, type KubeConfig, type KubernetesObject, type V1ControllerRevision, type V1PodTemplateSpec } from '@kubernetes/client-node';
import type { IndexReader } from '../../runtime/cache/index.js';
import { isNotFound, statusCode } from './apiErrors.js';
import { controlledBy } from './controllerIndex.js';
import { controllerRef } from './controllerRef.js';
import type { KindRef } from './objectReference.js';
import { sameStatus } from './sameStatus.js';
import { computeHash } from './templateHash.js';

/** The revision data for a template: `{"spec":{"template":{..., "$patch":"replace"}}}`. */
export function templateRevisionData(template: V1PodTemplateSpec): object {
  return { spec: { template: { ...structuredClone(template), $patch: 'replace' } } };
}

export interface CurrentRevision {
  revision: V1ControllerRevision;
  /** The hash the revision is named by. */
  hash: string;
  /** All of the owner's revisions, oldest first, the current one included. */
  history: V1ControllerRevision[];
}

export class ControllerHistory {
  private readonly apps: AppsV1Api;

  constructor(kubeConfig: KubeConfig, private readonly revisions: IndexReader) {
    this.apps = kubeConfig.makeApiClient(AppsV1Api);
  }

  /** The owner's revisions, oldest first. */
  list(owner: KubernetesObject): V1ControllerRevision[] {
    return controlledBy<V1ControllerRevision>(this.revisions, owner.metadata?.uid).sort((a, b) => a.revision - b.revision);
  }

  /**
   * The revision for `data`, made (with `labels` and `hashLabel: <hash>`) when there is none, or
   * renumbered as the newest when an older one holds the same data.
   */
  async ensure(owner: KubernetesObject, gvk: KindRef, data: object, labels: Record<string, string>, hashLabel: string, collisionCount?: number): Promise<CurrentRevision> {
    const history = this.list(owner);
    const newest = history.reduce((max, r) => Math.max(max, r.revision), 0);
    const hash = computeHash(data, collisionCount);
    const same = history.filter((r) => sameStatus(r.data, data));
    const existing = same.find((r) => r.metadata?.name === `${owner.metadata!.name}-${hash}`) ?? same[same.length - 1];
    if (existing) {
      if (existing.revision === newest) return { revision: existing, hash: hashOf(existing, owner), history };
      const renumbered = await this.apps.patchNamespacedControllerRevision(
        { namespace: existing.metadata!.namespace!, name: existing.metadata!.name!, body: { revision: newest + 1 } },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      );
      return { revision: renumbered, hash: hashOf(renumbered, owner), history: history.map((r) => (r === existing ? renumbered : r)) };
    }
    const body: V1ControllerRevision = {
      apiVersion: 'apps/v1',
      kind: 'ControllerRevision',
      metadata: {
        name: `${owner.metadata!.name}-${hash}`,
        namespace: owner.metadata!.namespace,
        labels: { ...labels, [hashLabel]: hash },
        ownerReferences: [controllerRef(gvk, owner)],
      },
      data,
      revision: newest + 1,
    };
    let created: V1ControllerRevision;
    try {
      created = await this.apps.createNamespacedControllerRevision({ namespace: owner.metadata!.namespace!, body });
    } catch (error) {
      if (statusCode(error) !== 409) throw error;
      // Made before and not yet in the cache: take it if it is this owner's with this data.
      created = await this.apps.readNamespacedControllerRevision({ namespace: owner.metadata!.namespace!, name: body.metadata!.name! });
      if (!created.metadata?.ownerReferences?.some((o) => o.uid === owner.metadata!.uid) || !sameStatus(created.data, data)) {
        throw new Error(`controller revision ${body.metadata!.name} exists with other contents (hash collision)`, { cause: error });
      }
    }
    return { revision: created, hash, history: [...history, created] };
  }

  /** Deletes the oldest revisions beyond `limit` whose name or hash is not in `inUse`. */
  async truncate(history: V1ControllerRevision[], inUse: Set<string>, limit: number): Promise<void> {
    const removable = history.filter((r) => !inUse.has(r.metadata!.name!) && ![...inUse].some((h) => r.metadata!.name!.endsWith(`-${h}`)));
    for (const revision of removable.slice(0, Math.max(0, removable.length - limit))) {
      try {
        await this.apps.deleteNamespacedControllerRevision({ namespace: revision.metadata!.namespace!, name: revision.metadata!.name! });
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
    }
  }
}

/** The hash part of a revision's name `<owner>-<hash>`. */
function hashOf(revision: V1ControllerRevision, owner: KubernetesObject): string {
  return revision.metadata!.name!.slice(owner.metadata!.name!.length + 1);
}
