// endpointslice: upstream's `endpointslice-controller` — the EndpointSlices of every Service
// with a selector (ready/serving/terminating conditions, nodeName, zone, targetRef, at most
// 100 endpoints a slice). It imports src/runtime, src/controllers/common and endpoints, client-node.
export { addEndpointSliceController, CONTROLLER_NAME, MANAGED_BY_LABEL, SERVICE_NAME_LABEL } from './endpointSliceController.js';
export { desiredSlices, MAX_ENDPOINTS_PER_SLICE, type SliceContent } from './desiredSlices.js';
