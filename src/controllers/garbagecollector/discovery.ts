// The resources the garbage collector watches: every resource of each group's preferred version
// (core v1 included) that can be listed, watched and deleted; subresources are skipped.
import * as k8s from '@kubernetes/client-node';

export interface ResourceInfo {
  group: string;
  version: string;
  /** `v1` or `group/version`. */
  apiVersion: string;
  kind: string;
  /** The plural resource name, as in the path. */
  resource: string;
  namespaced: boolean;
  /** The cluster-wide collection path, e.g. `/apis/apps/v1/deployments`. */
  path: string;
}

const REQUIRED_VERBS = ['list', 'watch', 'delete'];

function fromList(group: string, version: string, list: k8s.V1APIResourceList): ResourceInfo[] {
  const apiVersion = group ? `${group}/${version}` : version;
  const prefix = group ? `/apis/${group}/${version}` : `/api/${version}`;
  return list.resources
    .filter((r) => !r.name.includes('/') && REQUIRED_VERBS.every((verb) => r.verbs.includes(verb)))
    .map((r) => ({ group, version, apiVersion, kind: r.kind, resource: r.name, namespaced: r.namespaced, path: `${prefix}/${r.name}` }));
}

/** Lists the deletable resources. A group version that fails to answer is left out (and named
 * in `failed`), so one broken API does not stop the others from being collected. */
export async function discoverDeletableResources(kubeConfig: k8s.KubeConfig): Promise<{ resources: ResourceInfo[]; failed: string[] }> {
  const core = kubeConfig.makeApiClient(k8s.CoreV1Api);
  const apis = kubeConfig.makeApiClient(k8s.ApisApi);
  const custom = kubeConfig.makeApiClient(k8s.CustomObjectsApi);
  const resources = fromList('', 'v1', await core.getAPIResources());
  const groups = await apis.getAPIVersions();
  const failed: string[] = [];
  await Promise.all(groups.groups.map(async (group) => {
    const version = group.preferredVersion?.version ?? group.versions[0]?.version;
    if (!version) return;
    try {
      resources.push(...fromList(group.name, version, await custom.getAPIResources({ group: group.name, version })));
    } catch {
      failed.push(`${group.name}/${version}`);
    }
  }));
  return { resources, failed };
}
