// cri: kubets' side of the Container Runtime Interface (CRI v1, package runtime.v1) — the
// protocol declarations (protocol.ts, types.ts), the typed services a node agent drives
// (services.ts), the gRPC client for a runtime's unix socket (client.ts), a gRPC server for
// CRI handlers (server.ts), an in-process binding (inProcess.ts), the simulated runtime
// (simulator/) and real containerd run as a child process (containerd/). It imports only
// src/log and libraries: never the API server, registry or storage.
export * from './types.js';
export type { CallOptions, Cri, ImageCalls, ImageService, RuntimeCalls, RuntimeService, ServiceHandlers } from './services.js';
export { CriClient, type CriClientOptions } from './client.js';
export { CriError, grpcStatus } from './criError.js';
export { CriServer, type CriHandlers } from './server.js';
export { inProcessCri } from './inProcess.js';
export { normalizeImageReference } from './imageReference.js';
export * as simulator from './simulator/index.js';
export * as containerd from './containerd/index.js';
