// scheduler: kube-scheduler's job in kubets — it places pending pods on nodes. Informers of
// pods, nodes, volumes and priority classes feed an incremental cache of per-node aggregates
// (cache/) and the scheduling queue (queue/: active, backoff, unschedulable); each attempt
// runs the filter and score plugins of the default profile (plugins/, on the contract of
// framework/), binds through pods/binding, preempts lower-priority pods when nothing fits,
// and reports with upstream's events, conditions and metrics. It imports src/runtime (cache,
// events), src/api (quantities), src/log and client-node; never src/apiserver, src/registry or
// src/storage: like any controller it reaches the cluster through the API only.
export { Scheduler, type SchedulerOptions } from './scheduler.js';
