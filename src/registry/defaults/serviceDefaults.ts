// Service defaulting (SetDefaults_Service: type ClusterIP, sessionAffinity None, port protocol
// TCP and targetPort = port, traffic policies, allocateLoadBalancerNodePorts) and the parts the
// Service REST storage does around cluster IP allocation, exposed for the store: filling
// clusterIPs from clusterIP, keeping allocated values across updates, and the IP family fields
// (ipFamilyPolicy SingleStack and ipFamilies [IPv4] on a single-stack IPv4 cluster).
import { invalid, type FieldError } from '../validation/fieldErrors.js';
import { FieldPath } from '../validation/fieldPath.js';
import { ipBytes, isIPv4Bytes } from '../validation/formats.js';
import { goStringSlice } from '../validation/goFormat.js';
import { validateServiceClusterIPsRelatedFields } from '../validation/service.js';
import type { Service, ServiceSpec } from '../validation/types.js';

const DEFAULT_CLIENT_IP_AFFINITY_SECONDS = 10800;

function unset(v: unknown): boolean {
  return v === undefined || v === null;
}

function externallyAccessible(spec: ServiceSpec): boolean {
  return spec.type === 'LoadBalancer' || spec.type === 'NodePort' || (spec.type === 'ClusterIP' && (spec.externalIPs ?? []).length > 0);
}

export function defaultService(service: Service): void {
  const spec = (service.spec ??= {});
  if (!spec.sessionAffinity) spec.sessionAffinity = 'None';
  if (spec.sessionAffinity === 'None') delete spec.sessionAffinityConfig;
  if (spec.sessionAffinity === 'ClientIP') {
    if (unset(spec.sessionAffinityConfig?.clientIP?.timeoutSeconds)) {
      spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: DEFAULT_CLIENT_IP_AFFINITY_SECONDS } };
    }
  }
  if (!spec.type) spec.type = 'ClusterIP';
  for (const port of spec.ports ?? []) {
    if (!port.protocol) port.protocol = 'TCP';
    if (unset(port.targetPort) || port.targetPort === 0 || port.targetPort === '') port.targetPort = port.port;
  }
  if (externallyAccessible(spec) && !spec.externalTrafficPolicy) spec.externalTrafficPolicy = 'Cluster';
  if (unset(spec.internalTrafficPolicy) && (spec.type === 'NodePort' || spec.type === 'LoadBalancer' || spec.type === 'ClusterIP')) {
    spec.internalTrafficPolicy = 'Cluster';
  }
  if (spec.type === 'LoadBalancer') {
    if (unset(spec.allocateLoadBalancerNodePorts)) spec.allocateLoadBalancerNodePorts = true;
    for (const ingress of service.status?.loadBalancer?.ingress ?? []) {
      if (ingress.ip && unset(ingress.ipMode)) ingress.ipMode = 'VIP';
    }
  }
}

function spec(s: Service | undefined): ServiceSpec {
  return s?.spec ?? {};
}

function sameList(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  const x = a ?? [];
  const y = b ?? [];
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

/**
 * normalizeClusterIPs (Service REST create/update): makes clusterIPs agree with clusterIP before
 * validation, as upstream does for clients that only know the singular field.
 */
export function normalizeServiceClusterIPs(service: Service, old: Service | undefined): void {
  const s = (service.spec ??= {});
  if (!old) {
    if (s.clusterIP && (s.clusterIPs ?? []).length === 0) s.clusterIPs = [s.clusterIP];
    return;
  }
  const o = spec(old);
  if ((o.clusterIPs ?? []).length > 0 && (s.clusterIPs ?? []).length === 0 && (o.clusterIP ?? '') === (s.clusterIP ?? '')) {
    s.clusterIPs = o.clusterIPs;
  }
  if ((o.clusterIP ?? '') !== (s.clusterIP ?? '')) {
    if (o.clusterIP && !s.clusterIP) {
      if (sameList(o.clusterIPs, s.clusterIPs)) delete s.clusterIPs;
    } else if (sameList(o.clusterIPs, s.clusterIPs)) {
      s.clusterIPs = [s.clusterIP ?? ''];
    }
  }
}

function needsClusterIP(s: ServiceSpec): boolean {
  return s.type !== 'ExternalName';
}

function needsNodePort(s: ServiceSpec): boolean {
  return s.type === 'NodePort' || (s.type === 'LoadBalancer' && s.allocateLoadBalancerNodePorts !== false);
}

function needsHCNodePort(s: ServiceSpec): boolean {
  return s.type === 'LoadBalancer' && s.externalTrafficPolicy === 'Local';
}

/** patchAllocatedValues (update): keep allocated cluster IPs and node ports the client left out. */
export function patchServiceAllocatedValues(service: Service, old: Service): void {
  const s = (service.spec ??= {});
  const o = spec(old);
  if (needsClusterIP(o) && needsClusterIP(s)) {
    if (!s.clusterIP && o.clusterIP) s.clusterIP = o.clusterIP;
    if ((s.clusterIPs ?? []).length === 0 && (o.clusterIPs ?? []).length > 0) s.clusterIPs = o.clusterIPs;
  }
  if (needsNodePort(o) && needsNodePort(s)) {
    const used = (ports: ServiceSpec['ports']): Set<number> => new Set((ports ?? []).map((p) => p.nodePort ?? 0).filter((n) => n !== 0));
    const oldUsed = used(o.ports);
    const newUsed = used(s.ports);
    const both = new Set([...oldUsed].filter((n) => newUsed.has(n)));
    const byName = new Map((o.ports ?? []).map((p) => [p.name ?? '', p.nodePort ?? 0]));
    for (const p of s.ports ?? []) {
      if (!p.nodePort) {
        const prev = byName.get(p.name ?? '') ?? 0;
        if (!both.has(prev) && prev !== 0) p.nodePort = prev;
      }
    }
  }
  if (needsHCNodePort(o) && needsHCNodePort(s) && !s.healthCheckNodePort && o.healthCheckNodePort) {
    s.healthCheckNodePort = o.healthCheckNodePort;
  }
}

function familyOf(ip: string): 'IPv4' | 'IPv6' | '' {
  const bytes = ipBytes(ip);
  if (!bytes) return '';
  return isIPv4Bytes(bytes) ? 'IPv4' : 'IPv6';
}

export interface IPFamilyConfig {
  /** The cluster's service IP families, primary first: ['IPv4'] for a single-stack IPv4 cluster. */
  families: Array<'IPv4' | 'IPv6'>;
}

/**
 * initIPFamilyFields (Service REST): defaults ipFamilyPolicy and ipFamilies before cluster IPs
 * are allocated, and reports the errors upstream reports there (an Invalid Status). Call it
 * after defaulting and normalizeServiceClusterIPs, before allocating.
 */
export function initServiceIPFamilyFields(service: Service, old: Service | undefined, config: IPFamilyConfig = { families: ['IPv4'] }): FieldError[] {
  const s = (service.spec ??= {});
  if (s.type === 'ExternalName') return [];
  const o = old ? spec(old) : undefined;
  const matchingPreferDualStack =
    o !== undefined &&
    s.ipFamilyPolicy !== undefined &&
    s.ipFamilyPolicy !== null &&
    o.type === s.type &&
    (s.type === 'ClusterIP' || s.type === 'NodePort' || s.type === 'LoadBalancer') &&
    s.ipFamilyPolicy === 'PreferDualStack' &&
    (o.ipFamilyPolicy === undefined || o.ipFamilyPolicy === null || o.ipFamilyPolicy === 'PreferDualStack') &&
    sameList(o.clusterIPs, s.clusterIPs) &&
    sameList(o.ipFamilies, s.ipFamilies);
  if (matchingPreferDualStack) return [];
  if (unset(s.ipFamilyPolicy)) {
    if (o && !unset(o.ipFamilyPolicy)) s.ipFamilyPolicy = o.ipFamilyPolicy;
    else if (s.clusterIP === 'None' && Object.keys(s.selector ?? {}).length === 0) s.ipFamilyPolicy = 'RequireDualStack';
    else s.ipFamilyPolicy = 'SingleStack';
  }
  const related = validateServiceClusterIPsRelatedFields(service, old);
  if (related.length > 0) return related;
  const errs: FieldError[] = [];
  const policyPath = FieldPath.of('spec', 'ipFamilyPolicy');
  if (o) {
    if (s.ipFamilyPolicy === 'SingleStack') {
      if (sameList(o.clusterIPs, s.clusterIPs) && (s.clusterIPs ?? []).length > 1) s.clusterIPs = s.clusterIPs!.slice(0, 1);
      if (sameList(o.ipFamilies, s.ipFamilies) && (s.ipFamilies ?? []).length > 1) s.ipFamilies = s.ipFamilies!.slice(0, 1);
    } else {
      if ((s.clusterIPs ?? []).length > 0 && (s.clusterIPs ?? []).length < (o.clusterIPs ?? []).length) {
        errs.push(invalid(policyPath, s.ipFamilyPolicy ?? null, "must be 'SingleStack' to release the secondary cluster IP"));
      }
      if ((s.ipFamilies ?? []).length > 0 && (s.ipFamilies ?? []).length < (o.ipFamilies ?? []).length) {
        errs.push(invalid(policyPath, s.ipFamilyPolicy ?? null, "must be 'SingleStack' to release the secondary IP family"));
      }
    }
  }
  if (s.ipFamilyPolicy === 'SingleStack') {
    if ((s.clusterIPs ?? []).length === 2) {
      errs.push(invalid(policyPath, s.ipFamilyPolicy, "must be 'RequireDualStack' or 'PreferDualStack' when multiple cluster IPs are specified"));
    }
    if ((s.ipFamilies ?? []).length === 2) {
      errs.push(invalid(policyPath, s.ipFamilyPolicy, "must be 'RequireDualStack' or 'PreferDualStack' when multiple IP families are specified"));
    }
  }
  const clusterIPs = s.clusterIPs ?? [];
  for (let i = 0; i < clusterIPs.length; i++) {
    const ip = clusterIPs[i]!;
    if (ip === 'None') break;
    const fam = familyOf(ip);
    if (i >= (s.ipFamilies ?? []).length) {
      if (fam === '' || !config.families.includes(fam)) {
        errs.push(invalid(FieldPath.of('spec', 'clusterIPs').at(i), goStringSlice(clusterIPs), `${fam} is not configured on this cluster`));
      } else {
        s.ipFamilies = [...(s.ipFamilies ?? []), fam];
      }
    }
  }
  if (errs.length > 0) return errs;
  const primary = config.families[0] ?? 'IPv4';
  const other = (f: string): 'IPv4' | 'IPv6' => (f === 'IPv4' ? 'IPv6' : 'IPv4');
  if (s.clusterIP === 'None' && Object.keys(s.selector ?? {}).length === 0) {
    if ((s.ipFamilies ?? []).length === 0) s.ipFamilies = [primary];
    if (s.ipFamilies!.length < 2 && s.ipFamilyPolicy !== 'SingleStack') s.ipFamilies = [...s.ipFamilies!, other(s.ipFamilies![0]!)];
    return [];
  }
  if (s.ipFamilyPolicy === 'RequireDualStack' && config.families.length < 2) {
    errs.push(invalid(policyPath, s.ipFamilyPolicy, 'this cluster is not configured for dual-stack services'));
  }
  (s.ipFamilies ?? []).forEach((fam, i) => {
    if (!config.families.includes(fam as 'IPv4' | 'IPv6')) errs.push(invalid(FieldPath.of('spec', 'ipFamilies').at(i), fam, 'not configured on this cluster'));
  });
  if (errs.length > 0) return errs;
  if ((s.ipFamilies ?? []).length === 0) s.ipFamilies = [primary];
  if (s.ipFamilyPolicy !== 'SingleStack' && s.ipFamilies!.length === 1 && config.families.length === 2) {
    s.ipFamilies = [...s.ipFamilies!, other(s.ipFamilies![0]!)];
  }
  return [];
}
