// server: the kubelet's HTTPS server — container logs read from the CRI log files, and exec,
// attach and port-forward upgrades handed on to the runtime's stream server — which the API
// server's pods/log, pods/exec, pods/attach and pods/portforward reach. One server can serve
// many nodes of a process; it also serves their statistics (stats/). It may import src/cri,
// src/log and the kubelet's pods/ and stats/ folders.
export { KubeletServer, type KubeletServerOptions } from './kubeletServer.js';
export type { ServedNode } from './podTargets.js';
