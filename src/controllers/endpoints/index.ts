// endpoints: upstream's `endpoints-controller` — the Endpoints of every Service with a
// selector — and the `kubernetes` Service's Endpoints and EndpointSlice naming the API server
// (kept by the API server upstream; here by the controller manager from its kubeconfig).
// servicePods.ts holds what the EndpointSlice controller shares: which pods a Service selects
// and how its ports resolve on them. It imports src/runtime, src/controllers/common and client-node.
export { addEndpointsController, endpointSubsets } from './endpointsController.js';
export { addKubernetesServiceEndpoints } from './kubernetesServiceEndpoints.js';
export {
  endpointHostname, endpointsLabels, LAST_CHANGE_TRIGGER_TIME, lastChangeTriggerTime, podBelongsInEndpoints, selectedPods, servicesOfPod, targetPortOn,
} from './servicePods.js';
