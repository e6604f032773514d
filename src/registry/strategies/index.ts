// strategies: the per-resource behaviour of built-in kinds (registry/<group>/<resource>/
// strategy.go upstream). A resource without its own strategy uses the base one.
import type { Storage } from '../../storage/index.js';
import { ipv4Range, RangeAllocator } from '../allocators/rangeAllocator.js';
import type { ResourceInfo } from '../catalog.js';
import { BaseStrategy, type Strategy } from '../strategy.js';
import { EventStrategy } from './events.js';
import { NamespaceStrategy } from './namespaces.js';
import { NodeStrategy } from './nodes.js';
import { CrdStrategy } from '../customresources/crdStrategy.js';
import { PodStrategy } from './pods.js';
import { ServiceStrategy } from './services.js';
import { DaemonSetStrategy, JobStrategy } from './workloads.js';
import { SimpleFieldsStrategy } from './simpleFields.js';

/** What strategies may need beyond their resource: the storage for allocations, the ranges. */
export interface StrategyContext {
  storage: Storage;
  serviceCidr: string;
  nodePortRange: [number, number];
}

const specific: Record<string, (info: ResourceInfo, context: StrategyContext) => Strategy> = {
  '/services': (info, { storage, serviceCidr, nodePortRange }) => {
    const { first, last } = ipv4Range(serviceCidr);
    return new ServiceStrategy(info, {
      clusterIPs: new RangeAllocator(storage, '/registry/ranges/serviceips/', first, last),
      nodePorts: new RangeAllocator(storage, '/registry/ranges/servicenodeports/', nodePortRange[0], nodePortRange[1]),
      serviceCidr,
    });
  },
  '/pods': (info) => new PodStrategy(info),
  'apiextensions.k8s.io/customresourcedefinitions': (info) => new CrdStrategy(info),
  '/namespaces': (info) => new NamespaceStrategy(info),
  '/nodes': (info) => new NodeStrategy(info),
  '/events': (info) => new EventStrategy(info),
  'events.k8s.io/events': (info) => new EventStrategy(info),
  '/secrets': (info) => new SimpleFieldsStrategy(info, { type: (o) => String(o.type ?? '') }),
  '/replicationcontrollers': (info) => new SimpleFieldsStrategy(info, { 'status.replicas': (o) => String((o.status as { replicas?: number } | undefined)?.replicas ?? 0) }),
  'apps/replicasets': (info) => new SimpleFieldsStrategy(info, { 'status.replicas': (o) => String((o.status as { replicas?: number } | undefined)?.replicas ?? 0) }),
  'batch/jobs': (info) => new JobStrategy(info, { 'status.successful': (o) => String((o.status as { succeeded?: number } | undefined)?.succeeded ?? 0) }),
  'apps/daemonsets': (info) => new DaemonSetStrategy(info),
  'certificates.k8s.io/certificatesigningrequests': (info) => new SimpleFieldsStrategy(info, { 'spec.signerName': (o) => String((o.spec as { signerName?: string } | undefined)?.signerName ?? '') }),
};

export function strategyFor(info: ResourceInfo, context: StrategyContext): Strategy {
  return specific[`${info.group}/${info.resource}`]?.(info, context) ?? new BaseStrategy(info);
}
