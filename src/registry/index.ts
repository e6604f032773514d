// registry: what each resource is and how it behaves, below the HTTP layer. The catalog of
// served resources (from the upstream discovery documents), one generic store that turns API
// operations into storage operations, per-resource strategies (strategies/), upstream
// defaulting (defaults/) and validation (validation/), Table printers (tables/), selectors,
// allocators, and metav1.Status errors. It imports the storage contract, src/api and
// src/patch; never src/apiserver.
export { Catalog, apiVersionOf, type ResourceInfo, type GroupInfo, type SubresourceInfo } from './catalog.js';
export { Registries, type RegistriesOptions } from './registries.js';
export { Store, type ListQuery, type ListResult, type DeleteOptions, type WriteOptions } from './store.js';
export { StatusError, type Status, type StatusCause } from './statusError.js';
export type { KubeObject, ObjectMeta, OwnerReference } from './object.js';
