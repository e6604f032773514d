// disruption: upstream's `disruption-controller` — PodDisruptionBudget status (expected and
// healthy pods, disruptions allowed, the DisruptionAllowed condition) for the eviction
// subresource to judge evictions by. It imports src/runtime, src/controllers/common and client-node.
export { addDisruptionController } from './disruptionController.js';
export { expectedPods, type ScaleSources } from './expectedPods.js';
