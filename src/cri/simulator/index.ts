// simulator: a container runtime that runs nothing. SimulatedRuntime answers every CRI call the
// kubelet makes for one node, from records in memory (see simulatedRuntime.ts for what it
// simulates and how); StreamServer is the exec, attach and port-forward endpoint all simulated
// nodes of a process share.
// Serve it over gRPC with CriServer, or use it in-process with inProcessCri. Imports only src/cri.
export { SimulatedRuntime, defaultImageBehaviours, type ImageBehaviour, type SimulatedRuntimeOptions } from './simulatedRuntime.js';
export { StreamServer } from './streamServer.js';
export { builtInImages, defaultPullFailures } from './imageStore.js';
export { rfc3339Nano } from './containerLog.js';
