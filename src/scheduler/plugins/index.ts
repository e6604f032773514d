// plugins: the in-tree plugins of the default profile, one file each, in upstream's order
// (the first filter to reject a node names the reason) and with upstream's score weights.
import type { KubeConfig } from '@kubernetes/client-node';
import { Profile } from '../framework/profile.js';
import { balancedAllocationScore } from './balancedAllocation.js';
import { interPodAffinityFilter, interPodAffinityScore } from './interPodAffinity.js';
import { nodeAffinityFilter, nodeAffinityScore } from './nodeAffinity.js';
import { nodeName } from './nodeName.js';
import { nodePorts } from './nodePorts.js';
import { leastAllocatedScore, nodeResourcesFitFilter } from './nodeResourcesFit.js';
import { nodeUnschedulable } from './nodeUnschedulable.js';
import { podTopologySpreadFilter, podTopologySpreadScore } from './podTopologySpread.js';
import { taintTolerationFilter, taintTolerationScore } from './taintToleration.js';
import { volumeBindingFilter, VolumeBindingPreBind } from './volumeBinding.js';

const DEFAULT_SCHEDULER = 'default-scheduler';

export function defaultProfile(kubeConfig: KubeConfig): Profile {
  return new Profile(
    DEFAULT_SCHEDULER,
    [
      nodeUnschedulable, nodeName, taintTolerationFilter, nodeAffinityFilter, nodePorts, nodeResourcesFitFilter,
      volumeBindingFilter, podTopologySpreadFilter, interPodAffinityFilter,
    ],
    [
      taintTolerationScore, nodeAffinityScore, leastAllocatedScore, podTopologySpreadScore, interPodAffinityScore,
      balancedAllocationScore,
    ],
    [new VolumeBindingPreBind(kubeConfig)],
  );
}
