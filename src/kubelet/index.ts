// kubelet: the node agent. It registers its Node and heartbeats through a Lease (node/), runs
// the pods bound to it through CRI, one worker per pod (pods/): sandboxes, init and regular
// containers with restart policies and back-off, status, events, termination and clean-up;
// builds each container's environment and CRI config (containers/), sets volumes up on the
// node (volumes/) and runs probes and lifecycle hooks (probes/). It reaches the cluster only
// through client-node and src/runtime, and the runtime only through src/cri's services, so a
// real containerd and the simulated runtime drive the same code.
export { Kubelet, type KubeletOptions } from './kubelet.js';
export { simulatedMachine, thisMachine, type MachineInfo } from './node/machineInfo.js';
export { NodePodSource } from './pods/nodePodSource.js';
