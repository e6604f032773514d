// ttlafterfinished: upstream's ttl-after-finished-controller. A finished Job (Complete or Failed)
// with spec.ttlSecondsAfterFinished is deleted, with its pods (foreground propagation), that
// many seconds after it finished. It imports src/runtime, ../job (the Job conditions) and
// client-node.
export { addTtlAfterFinishedController, jobExpiresAt } from './ttlAfterFinishedController.js';
