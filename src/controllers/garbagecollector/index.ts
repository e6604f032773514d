// garbagecollector: deletes objects whose owners are gone and carries out the Foreground and
// Orphan deletion policies, as upstream's pkg/controller/garbagecollector.
//   discovery.ts         the deletable resources (list, watch and delete verbs, no subresources,
//                        each group's preferred version) from /api/v1 and /apis
//   metadata.ts          the metadata-only transform the GC's informers cache, and identities
//   graph.ts             the owner→dependents graph by UID built from ownerReferences, with
//                        virtual nodes for owners not (yet) observed
//   garbageCollector.ts  one informer per discovered resource (re-discovered periodically, so
//                        CRDs join) feeding the graph; the attempt-to-delete and
//                        attempt-to-orphan queues (rate-limited controllers keyed by UID) that
//                        delete dangling dependents, remove dangling ownerReferences, orphan
//                        dependents and remove the `orphan` and `foregroundDeletion` finalizers
// Owners are confirmed absent by a live GET (404 or another UID) before a dependent is deleted.
// It imports src/runtime, src/log and client-node only.
export { discoverDeletableResources, type ResourceInfo } from './discovery.js';
export { GarbageCollector, startGarbageCollector, type GarbageCollectorOptions } from './garbageCollector.js';
