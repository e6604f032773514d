// resourcequota: upstream's `resourcequota-controller` — every ResourceQuota's status.hard and
// status.used recounted from the namespace's objects (the admission in the API server charges
// creates between recounts). It imports src/runtime, src/api (quota usage) and client-node.
export { addResourceQuotaController } from './resourceQuotaController.js';
export { countedResource, type CountedResource } from './quotaResources.js';
