// podautoscaler: upstream's horizontal pod autoscaler controller for autoscaling/v2 HPAs on
// metrics.k8s.io resource metrics (cpu and memory, Utilization and AverageValue): replica
// calculation with the 0.1 tolerance and unready-pod handling, behavior (stabilization windows,
// rate policies), the scale subresource of the target. It imports src/runtime, src/api
// (quantities) and client-node.
export { addHorizontalPodAutoscalerController, DEFAULT_SYNC_PERIOD_MS, type HorizontalControllerOptions } from './horizontalController.js';
export { calculateReplicas, TOLERANCE, type PodSample, type Recommendation, type ResourceTarget } from './replicaCalculator.js';
export { limitRate, rulesOf, stabilize, type TimedValue } from './scalingBehavior.js';
