// deployment: the Deployment controller, as upstream's pkg/controller/deployment: ReplicaSets
// per pod template named `<deployment>-<pod-template-hash>`, RollingUpdate (maxSurge,
// maxUnavailable) and Recreate rollouts, proportional scaling, revisions and their history
// (revisionHistoryLimit), pause/resume, progressDeadlineSeconds with the Progressing and
// Available conditions, and the ScalingReplicaSet events. Rollback is kubectl's own (it
// patches the template back; the controller then finds the old ReplicaSet and gives it the
// next revision). It imports src/runtime, src/controllers/common and client-node.
export { addDeploymentController } from './deploymentController.js';
export { POD_TEMPLATE_HASH } from './podTemplateHash.js';
export { maxSurge, maxUnavailable, resolveFenceposts, scaledValue } from './rollingArithmetic.js';
