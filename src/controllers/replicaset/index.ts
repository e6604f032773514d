// replicaset: the ReplicaSet and ReplicationController controllers, as upstream's
// pkg/controller/replicaset and pkg/controller/replication: one replica controller serving
// both kinds — pods created and deleted to the count (expectations, slow-start batches, 500 a
// sync, most disposable first), adoption and orphaning, status and the ReplicaFailure
// condition. It imports src/runtime, src/controllers/common and client-node.
import type { Controller } from '../../runtime/controller/index.js';
import type { Manager } from '../../runtime/manager/index.js';
import { replicaSetKind, replicationControllerKind } from './replicaKinds.js';
import { addReplicaController } from './replicaSetController.js';

export { BURST_REPLICAS } from './replicaSetController.js';

/** The ReplicaSet controller (`replicaset`, events from `replicaset-controller`). */
export function addReplicaSetController(manager: Manager): Controller {
  return addReplicaController(manager, replicaSetKind(manager.kubeConfig));
}

/** The ReplicationController controller (`replicationmanager`, events from `replication-controller`). */
export function addReplicationControllerController(manager: Manager): Controller {
  return addReplicaController(manager, replicationControllerKind(manager.kubeConfig));
}
