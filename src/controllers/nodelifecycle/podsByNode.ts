// The pods bound to a node, through an index on spec.nodeName added to the shared pods informer.
import type { V1Pod } from '@kubernetes/client-node';
import type { KubeObject, SharedInformer } from '../../runtime/cache/index.js';

const INDEX = 'spec.nodeName';

export function podsOnNode(pods: SharedInformer<KubeObject>, nodeName: string): V1Pod[] {
  if (!pods.store.indexNames().includes(INDEX)) {
    pods.addIndex(INDEX, (pod) => {
      const node = (pod as V1Pod).spec?.nodeName;
      return node ? [node] : [];
    });
  }
  return pods.store.byIndex(INDEX, nodeName) as V1Pod[];
}
