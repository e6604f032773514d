// Services: a cluster IP from the service range for every Service but headless and
// ExternalName ones, and node ports for NodePort and LoadBalancer Services, all freed on
// delete; the clusterIP/clusterIPs fields are kept consistent.
import type { Service } from '../../api/index.js';
import type { RangeAllocator } from '../allocators/rangeAllocator.js';
import { normalizeServiceClusterIPs, patchServiceAllocatedValues } from '../defaults/index.js';
import { ipv4ToNumber, numberToIpv4 } from '../allocators/rangeAllocator.js';
import type { ResourceInfo } from '../catalog.js';
import type { KubeObject } from '../object.js';
import { StatusError } from '../statusError.js';
import { SimpleFieldsStrategy } from './simpleFields.js';

type ServicePort = { name?: string; port?: number; nodePort?: number; protocol?: string };
type ServiceSpec = { type?: string; clusterIP?: string; clusterIPs?: string[]; ports?: ServicePort[]; ipFamilies?: string[]; ipFamilyPolicy?: string };

export interface ServiceAllocators {
  clusterIPs: RangeAllocator;
  nodePorts: RangeAllocator;
  /** The range as users wrote it, for error messages (e.g. 10.96.0.0/12). */
  serviceCidr: string;
}

const spec = (o: KubeObject) => (o.spec ??= {}) as ServiceSpec;
const owner = (o: KubeObject) => `${o.metadata.namespace}/${o.metadata.name}`;
const wantsClusterIP = (s: ServiceSpec) => s.type !== 'ExternalName' && s.clusterIP !== 'None';
const wantsNodePorts = (s: ServiceSpec) => s.type === 'NodePort' || s.type === 'LoadBalancer';

function invalid(o: KubeObject, field: string, value: string, detail: string): StatusError {
  const message = `Invalid value: ${value}: ${detail}`;
  return StatusError.invalid('Service', '', o.metadata.name ?? '', [{ reason: 'FieldValueInvalid', message, field }],
    `Service "${o.metadata.name}" is invalid: ${field}: ${message}`);
}

export class ServiceStrategy extends SimpleFieldsStrategy {
  constructor(info: ResourceInfo, private readonly allocators: ServiceAllocators) {
    super(info, {
      'spec.clusterIP': (o) => spec(o).clusterIP ?? '',
      'spec.type': (o) => spec(o).type ?? '',
    });
  }

  override prepareForCreate(object: KubeObject): void {
    object.status = { loadBalancer: {} };
    normalizeServiceClusterIPs(object as unknown as Service, undefined);
  }

  override async beginCreate(object: KubeObject, dryRun: boolean): Promise<void> {
    const s = spec(object);
    const taken: Array<() => Promise<void>> = [];
    try {
      if (wantsClusterIP(s)) {
        const ip = await this.allocateIP(object, s.clusterIP || s.clusterIPs?.[0]);
        taken.push(() => this.allocators.clusterIPs.release(ipv4ToNumber(ip)));
        s.clusterIP = ip;
        s.clusterIPs = [ip];
        s.ipFamilies ??= ['IPv4'];
        s.ipFamilyPolicy ??= 'SingleStack';
      } else if (s.clusterIP === 'None') {
        s.clusterIPs = ['None'];
      }
      if (wantsNodePorts(s)) {
        for (const [i, port] of (s.ports ?? []).entries()) {
          port.nodePort = await this.allocatePort(object, i, port.nodePort);
          const value = port.nodePort;
          taken.push(() => this.allocators.nodePorts.release(value));
        }
      }
      if (dryRun) for (const release of taken) await release();
    } catch (error) {
      for (const release of taken) await release();
      throw error;
    }
  }

  override async rollbackCreate(object: KubeObject): Promise<void> {
    await this.releaseAll(object);
  }

  override prepareForUpdate(object: KubeObject, old: KubeObject): void {
    object.status = old.status;
    // An update that leaves allocated values out (cluster IPs, node ports) keeps them.
    patchServiceAllocatedValues(object as unknown as Service, old as unknown as Service);
    normalizeServiceClusterIPs(object as unknown as Service, old as unknown as Service);
  }

  override async beginUpdate(object: KubeObject, old: KubeObject, dryRun: boolean): Promise<void> {
    const s = spec(object);
    if (!wantsNodePorts(s)) {
      for (const port of s.ports ?? []) delete port.nodePort;
      return;
    }
    const held = new Set(nodePorts(old));
    const fresh: number[] = [];
    try {
      for (const [i, port] of (s.ports ?? []).entries()) {
        if (port.nodePort && held.has(port.nodePort)) continue;
        port.nodePort = await this.allocatePort(object, i, port.nodePort);
        fresh.push(port.nodePort);
      }
      if (dryRun) for (const p of fresh) await this.allocators.nodePorts.release(p);
    } catch (error) {
      for (const p of fresh) await this.allocators.nodePorts.release(p);
      throw error;
    }
  }

  override async rollbackUpdate(object: KubeObject, old: KubeObject): Promise<void> {
    const held = new Set(nodePorts(old));
    for (const p of nodePorts(object)) if (!held.has(p)) await this.allocators.nodePorts.release(p);
  }

  override async afterUpdate(object: KubeObject, old: KubeObject): Promise<void> {
    const kept = new Set(nodePorts(object));
    for (const p of nodePorts(old)) if (!kept.has(p)) await this.allocators.nodePorts.release(p);
  }

  override async afterDelete(object: KubeObject): Promise<void> {
    await this.releaseAll(object);
  }

  private async releaseAll(object: KubeObject): Promise<void> {
    const s = spec(object);
    if (s.clusterIP && s.clusterIP !== 'None') await this.allocators.clusterIPs.release(ipv4ToNumber(s.clusterIP));
    for (const p of nodePorts(object)) await this.allocators.nodePorts.release(p);
  }

  private async allocateIP(object: KubeObject, requested: string | undefined): Promise<string> {
    const { clusterIPs, serviceCidr } = this.allocators;
    if (!requested) {
      const result = await clusterIPs.allocateNext(owner(object));
      if (!result.ok) throw StatusError.internal(`failed to allocate a serviceIP: range is full`);
      return numberToIpv4(result.value);
    }
    const field = 'spec.clusterIPs';
    const shown = `[]string{"${requested}"}`;
    if (!/^\d+\.\d+\.\d+\.\d+$/.test(requested)) throw invalid(object, field, shown, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)');
    const result = await clusterIPs.allocate(ipv4ToNumber(requested), owner(object));
    if (result.ok) return requested;
    if (result.reason === 'range') {
      throw invalid(object, field, shown, `failed to allocate IP ${requested}: the provided IP (${requested}) is not in the valid range. The range of valid IPs is ${serviceCidr}`);
    }
    throw invalid(object, field, shown, `failed to allocate IP ${requested}: provided IP is already allocated`);
  }

  private async allocatePort(object: KubeObject, index: number, requested: number | undefined): Promise<number> {
    const { nodePorts: ports } = this.allocators;
    if (!requested) {
      const result = await ports.allocateNext(owner(object));
      if (!result.ok) throw StatusError.internal('failed to allocate a nodePort: range is full');
      return result.value;
    }
    const result = await ports.allocate(requested, owner(object));
    if (result.ok) return requested;
    const field = `spec.ports[${index}].nodePort`;
    if (result.reason === 'range') {
      throw invalid(object, field, String(requested), `provided port is not in the valid range. The range of valid ports is ${ports.first}-${ports.last}`);
    }
    throw invalid(object, field, String(requested), 'provided port is already allocated');
  }
}

function nodePorts(object: KubeObject): number[] {
  return (spec(object).ports ?? []).map((p) => p.nodePort).filter((p): p is number => typeof p === 'number' && p > 0);
}
