// Services: ports (names, numbers, protocols, target ports, duplicates), type and type-dependent
// fields, session affinity, cluster IPs and IP families, external IPs, traffic policies, load
// balancer fields; on update the cluster IPs and IP families may not change once set.
import { validatePortNumOrName } from './containers.js';
import { duplicate, forbidden, invalid, notSupported, required, type FieldError } from './fieldErrors.js';
import { FieldPath } from './fieldPath.js';
import {
  cidrLegacyErrors,
  ipBytes,
  ipLegacyErrors,
  isDNS1123Label,
  isDNS1123Subdomain,
  isIPv4Bytes,
  isIPv6String,
  isQualifiedName,
  isValidPortNum,
} from './formats.js';
import { GoValue, goIntOrString, goNumber, goPointer, goQuote, goStringSlice, goStruct } from './goFormat.js';
import { validateLabels } from './labelSelector.js';
import { nameIsDNS1035Label, validateObjectMeta, validateObjectMetaUpdate } from './objectMeta.js';
import type { Service, ServicePort, ServiceSpec } from './types.js';

const SERVICE_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const PORT_PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const MAX_CLIENT_IP_AFFINITY_SECONDS = 86400;
const TOPOLOGY_HINTS = 'service.kubernetes.io/topology-aware-hints';
const TOPOLOGY_MODE = 'service.kubernetes.io/topology-mode';
const LB_SOURCE_RANGES_ANNOTATION = 'service.beta.kubernetes.io/load-balancer-source-ranges';

function spec(s: Service | undefined): ServiceSpec {
  return s?.spec ?? ({} as ServiceSpec);
}

export function isHeadlessService(service: Service | undefined): boolean {
  const ips = spec(service).clusterIPs ?? [];
  return ips.length === 1 && ips[0] === 'None';
}

export function externallyAccessible(service: Service): boolean {
  const s = spec(service);
  return s.type === 'LoadBalancer' || s.type === 'NodePort' || (s.type === 'ClusterIP' && (s.externalIPs ?? []).length > 0);
}

export function needsHealthCheck(service: Service): boolean {
  const s = spec(service);
  if (s.type !== 'LoadBalancer') return false;
  return s.externalTrafficPolicy === 'Local';
}

function goServicePort(port: { protocol?: string; port?: number }): GoValue {
  return goStruct('core.ServicePort', [
    ['Name', '""'],
    ['Protocol', goQuote(port.protocol ?? '')],
    ['AppProtocol', goPointer('string', false)],
    ['Port', goNumber(port.port ?? 0)],
    ['TargetPort', goIntOrString(0)],
    ['NodePort', '0'],
  ]);
}

function validateServicePort(sp: ServicePort, requireName: boolean, names: Set<string>, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const name = sp.name ?? '';
  if (requireName && !name) errs.push(required(path.child('name')));
  else if (name) {
    errs.push(...isDNS1123Label(name).map((m) => invalid(path.child('name'), name, m)));
    if (names.has(name)) errs.push(duplicate(path.child('name'), name));
    else names.add(name);
  }
  const port = sp.port ?? 0;
  errs.push(...isValidPortNum(port).map((m) => invalid(path.child('port'), port, m)));
  const protocol = sp.protocol ?? '';
  if (!protocol) errs.push(required(path.child('protocol')));
  else if (!PORT_PROTOCOLS.includes(protocol)) errs.push(notSupported(path.child('protocol'), protocol, PORT_PROTOCOLS));
  errs.push(...validatePortNumOrName(sp.targetPort ?? 0, path.child('targetPort')));
  if (sp.appProtocol !== undefined && sp.appProtocol !== null) {
    errs.push(...isQualifiedName(sp.appProtocol).map((m) => invalid(path.child('appProtocol'), sp.appProtocol, m)));
  }
  return errs;
}

/** ValidateEndpointIP: not unspecified, loopback or link-local. */
function validateEndpointIP(ip: string, path: FieldPath): FieldError[] {
  const bytes = ipBytes(ip);
  if (!bytes) return [invalid(path, ip, 'must be a valid IP address')];
  const errs: FieldError[] = [];
  const v4 = isIPv4Bytes(bytes);
  const b = (i: number): number => bytes[i]!;
  const unspecified = v4 ? b(12) === 0 && b(13) === 0 && b(14) === 0 && b(15) === 0 : bytes.every((x) => x === 0);
  const loopback = v4 ? b(12) === 127 : bytes.slice(0, 15).every((x) => x === 0) && b(15) === 1;
  const linkLocalUnicast = v4 ? b(12) === 169 && b(13) === 254 : b(0) === 0xfe && (b(1) & 0xc0) === 0x80;
  const linkLocalMulticast = v4 ? b(12) === 224 && b(13) === 0 && b(14) === 0 : b(0) === 0xff && (b(1) & 0x0f) === 0x02;
  if (unspecified) errs.push(invalid(path, ip, `may not be unspecified (${ip})`));
  if (loopback) errs.push(invalid(path, ip, 'may not be in the loopback range (127.0.0.0/8, ::1/128)'));
  if (linkLocalUnicast) errs.push(invalid(path, ip, 'may not be in the link-local range (169.254.0.0/16, fe80::/10)'));
  if (linkLocalMulticast) errs.push(invalid(path, ip, 'may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)'));
  return errs;
}

function isDualStack(ips: string[]): boolean {
  let v4 = false;
  let v6 = false;
  for (const ip of ips) {
    if (isIPv6String(ip)) v6 = true;
    else v4 = true;
  }
  return v4 && v6;
}

/** ValidateServiceClusterIPsRelatedFields. */
export function validateServiceClusterIPsRelatedFields(service: Service, old: Service | undefined): FieldError[] {
  const s = spec(service);
  if (s.type === 'ExternalName') return [];
  const errs: FieldError[] = [];
  const clusterIPsPath = FieldPath.of('spec').child('clusterIPs');
  const famPath = FieldPath.of('spec').child('ipFamilies');
  const policyPath = FieldPath.of('spec').child('ipFamilyPolicy');
  const clusterIPs = s.clusterIPs ?? [];
  if (s.clusterIP) {
    if (clusterIPs.length === 0) errs.push(required(clusterIPsPath));
    else if (clusterIPs[0] !== s.clusterIP) errs.push(invalid(clusterIPsPath, goStringSlice(clusterIPs), 'first value must match `clusterIP`'));
  } else if (clusterIPs.length !== 0) {
    errs.push(invalid(clusterIPsPath, goStringSlice(clusterIPs), 'must be empty when `clusterIP` is not specified'));
  }
  const seen = new Set<string>();
  (s.ipFamilies ?? []).forEach((fam, i) => {
    if (fam !== 'IPv4' && fam !== 'IPv6') errs.push(notSupported(famPath.at(i), fam, ['IPv4', 'IPv6']));
    if (seen.has(fam)) errs.push(duplicate(famPath.at(i), fam));
    seen.add(fam);
  });
  if (s.ipFamilyPolicy !== undefined && s.ipFamilyPolicy !== null) {
    if (!['PreferDualStack', 'RequireDualStack', 'SingleStack'].includes(s.ipFamilyPolicy)) {
      errs.push(notSupported(policyPath, s.ipFamilyPolicy, ['PreferDualStack', 'RequireDualStack', 'SingleStack']));
    }
  }
  const existing = spec(old).clusterIPs ?? [];
  let hasInvalidIPs = false;
  clusterIPs.forEach((ip, i) => {
    if (i === 0 && ip === 'None') {
      if (clusterIPs.length > 1) {
        hasInvalidIPs = true;
        errs.push(invalid(clusterIPsPath, goStringSlice(clusterIPs), "'None' must be the first and only value"));
      }
      return;
    }
    if (existing.includes(ip)) return;
    const msgs = ipLegacyErrors(ip);
    if (msgs.length > 0) hasInvalidIPs = true;
    errs.push(...msgs.map((m) => invalid(clusterIPsPath.at(i), ip, m)));
  });
  if (clusterIPs.length > 2) errs.push(invalid(clusterIPsPath, goStringSlice(clusterIPs), 'may only hold up to 2 values'));
  if (hasInvalidIPs) return errs;
  if (clusterIPs.length > 1 && !isDualStack(clusterIPs)) {
    errs.push(invalid(clusterIPsPath, goStringSlice(clusterIPs), 'may specify no more than one IP for each IP family'));
  }
  const families = s.ipFamilies ?? [];
  if (!isHeadlessService(service) && clusterIPs.length > 0 && families.length > 0) {
    for (let i = 0; i < clusterIPs.length && i < families.length; i++) {
      const ip = clusterIPs[i]!;
      if (families[i] === 'IPv4' && isIPv6String(ip)) {
        errs.push(invalid(clusterIPsPath.at(i), ip, `expected an IPv4 value as indicated by \`ipFamilies[${i}]\``));
      }
      if (families[i] === 'IPv6' && !isIPv6String(ip)) {
        errs.push(invalid(clusterIPsPath.at(i), ip, `expected an IPv6 value as indicated by \`ipFamilies[${i}]\``));
      }
    }
  }
  return errs;
}

function validateService(service: Service, old: Service | undefined): FieldError[] {
  const metaPath = FieldPath.of('metadata');
  const specPath = FieldPath.of('spec');
  const s = spec(service);
  const errs = validateObjectMeta(service.metadata, true, nameIsDNS1035Label, metaPath);
  const annotations = service.metadata?.annotations ?? {};
  if (TOPOLOGY_MODE in annotations && TOPOLOGY_HINTS in annotations && annotations[TOPOLOGY_MODE] !== annotations[TOPOLOGY_HINTS]) {
    errs.push(
      invalid(
        metaPath.child('annotations').key(TOPOLOGY_MODE),
        annotations[TOPOLOGY_MODE],
        `must match annotations[${TOPOLOGY_HINTS}] when both are specified`,
      ),
    );
  }
  const headless = isHeadlessService(service);
  const ports = s.ports ?? [];
  if (ports.length === 0 && !headless && s.type !== 'ExternalName') errs.push(required(specPath.child('ports')));
  switch (s.type) {
    case 'LoadBalancer':
      if (headless) errs.push(invalid(specPath.child('clusterIPs').at(0), 'None', "may not be set to 'None' for LoadBalancer services"));
      break;
    case 'NodePort':
      if (headless) errs.push(invalid(specPath.child('clusterIPs').at(0), 'None', "may not be set to 'None' for NodePort services"));
      break;
    case 'ExternalName': {
      if ((s.clusterIPs ?? []).length > 0) errs.push(forbidden(specPath.child('clusterIPs'), 'may not be set for ExternalName services'));
      if ((s.ipFamilies ?? []).length > 0) errs.push(forbidden(specPath.child('ipFamilies'), 'may not be set for ExternalName services'));
      if (s.ipFamilyPolicy !== undefined && s.ipFamilyPolicy !== null) {
        errs.push(forbidden(specPath.child('ipFamilyPolicy'), 'may not be set for ExternalName services'));
      }
      const cname = (s.externalName ?? '').replace(/\.$/, '');
      if (cname) errs.push(...isDNS1123Subdomain(cname).map((m) => invalid(specPath.child('externalName'), cname, m)));
      else errs.push(required(specPath.child('externalName')));
      break;
    }
  }
  const names = new Set<string>();
  ports.forEach((port, i) => errs.push(...validateServicePort(port, ports.length > 1, names, specPath.child('ports').at(i))));
  if (s.selector) errs.push(...validateLabels(s.selector, specPath.child('selector')));
  const affinity = s.sessionAffinity ?? '';
  if (!affinity) errs.push(required(specPath.child('sessionAffinity')));
  else if (affinity !== 'ClientIP' && affinity !== 'None') errs.push(notSupported(specPath.child('sessionAffinity'), affinity, ['ClientIP', 'None']));
  const affinityPath = specPath.child('sessionAffinityConfig');
  if (affinity === 'ClientIP') {
    const cfg = s.sessionAffinityConfig;
    const detail = 'when session affinity type is ClientIP';
    if (!cfg) errs.push(required(affinityPath, detail));
    else if (!cfg.clientIP) errs.push(required(affinityPath.child('clientIP'), detail));
    else if (cfg.clientIP.timeoutSeconds === undefined || cfg.clientIP.timeoutSeconds === null) {
      errs.push(required(affinityPath.child('clientIP').child('timeoutSeconds'), detail));
    } else {
      const t = cfg.clientIP.timeoutSeconds;
      if (t <= 0 || t > MAX_CLIENT_IP_AFFINITY_SECONDS) {
        errs.push(invalid(affinityPath.child('clientIP').child('timeoutSeconds'), t, `must be greater than 0 and less than ${MAX_CLIENT_IP_AFFINITY_SECONDS}`));
      }
    }
  } else if (affinity === 'None' && s.sessionAffinityConfig) {
    errs.push(forbidden(affinityPath, 'must not be set when session affinity is None'));
  }
  errs.push(...validateServiceClusterIPsRelatedFields(service, old));
  const existingExternal = spec(old).externalIPs ?? [];
  (s.externalIPs ?? []).forEach((ip, i) => {
    const p = specPath.child('externalIPs').at(i);
    if (existingExternal.includes(ip)) {
      errs.push(...validateEndpointIP(ip, p));
      return;
    }
    const msgs = ipLegacyErrors(ip);
    if (msgs.length > 0) errs.push(...msgs.map((m) => invalid(p, ip, m)));
    else errs.push(...validateEndpointIP(ip, p));
  });
  const type = s.type ?? '';
  if (!type) errs.push(required(specPath.child('type')));
  else if (!SERVICE_TYPES.includes(type)) errs.push(notSupported(specPath.child('type'), type, SERVICE_TYPES));
  if (type === 'ClusterIP') {
    ports.forEach((port, i) => {
      if (port.nodePort) errs.push(forbidden(specPath.child('ports').at(i).child('nodePort'), "may not be used when `type` is 'ClusterIP'"));
    });
  }
  const nodePorts = new Set<string>();
  ports.forEach((port, i) => {
    if (!port.nodePort) return;
    const key = `${port.protocol ?? ''}/${port.nodePort}`;
    if (nodePorts.has(key)) errs.push(duplicate(specPath.child('ports').at(i).child('nodePort'), port.nodePort));
    nodePorts.add(key);
  });
  const portKeys = new Set<string>();
  ports.forEach((port, i) => {
    const key = `${port.protocol ?? ''}/${port.port ?? 0}`;
    if (portKeys.has(key)) errs.push(duplicate(specPath.child('ports').at(i), goServicePort(port)));
    portKeys.add(key);
  });
  const ranges = s.loadBalancerSourceRanges ?? [];
  if (ranges.length > 0) {
    const rangesPath = specPath.child('LoadBalancerSourceRanges');
    if (type !== 'LoadBalancer') errs.push(forbidden(rangesPath, "may only be used when `type` is 'LoadBalancer'"));
    const existing = (spec(old).loadBalancerSourceRanges ?? []).map((r) => r.trim());
    ranges.forEach((value, idx) => {
      const v = value.trim();
      if (existing.includes(v)) return;
      errs.push(...cidrLegacyErrors(v).map((m) => invalid(rangesPath.at(idx), v, m)));
    });
  } else if (LB_SOURCE_RANGES_ANNOTATION in annotations) {
    const p = FieldPath.of('metadata', 'annotations').key(LB_SOURCE_RANGES_ANNOTATION);
    const val = annotations[LB_SOURCE_RANGES_ANNOTATION]!;
    if (type !== 'LoadBalancer') errs.push(forbidden(p, "may only be used when `type` is 'LoadBalancer'"));
    if (!old || old.metadata?.annotations?.[LB_SOURCE_RANGES_ANNOTATION] !== val) {
      const trimmed = val.trim();
      if (trimmed) for (const cidr of trimmed.split(',')) errs.push(...cidrLegacyErrors(cidr.trim()).map((m) => invalid(p, cidr.trim(), m)));
    }
  }
  if (s.allocateLoadBalancerNodePorts !== undefined && s.allocateLoadBalancerNodePorts !== null && type !== 'LoadBalancer') {
    errs.push(forbidden(specPath.child('allocateLoadBalancerNodePorts'), "may only be used when `type` is 'LoadBalancer'"));
  }
  if (type === 'LoadBalancer' && (s.allocateLoadBalancerNodePorts === undefined || s.allocateLoadBalancerNodePorts === null)) {
    errs.push(required(FieldPath.of('allocateLoadBalancerNodePorts')));
  }
  errs.push(...validateLoadBalancerClass(undefined, service));
  errs.push(...validateExternalTrafficPolicy(service));
  const itp = s.internalTrafficPolicy;
  if ((itp === undefined || itp === null) && (type === 'NodePort' || type === 'LoadBalancer' || type === 'ClusterIP')) {
    errs.push(required(specPath.child('internalTrafficPolicy')));
  }
  if (itp !== undefined && itp !== null && itp !== 'Cluster' && itp !== 'Local') {
    errs.push(notSupported(specPath.child('internalTrafficPolicy'), itp, ['Cluster', 'Local']));
  }
  const td = s.trafficDistribution;
  if (td !== undefined && td !== null && td !== 'PreferClose') errs.push(notSupported(specPath.child('trafficDistribution'), td, ['PreferClose']));
  return errs;
}

function validateLoadBalancerClass(old: Service | undefined, service: Service): FieldError[] {
  const errs: FieldError[] = [];
  const p = FieldPath.of('spec', 'loadBalancerClass');
  const cls = spec(service).loadBalancerClass;
  if (old && spec(old).type === 'LoadBalancer' && spec(service).type === 'LoadBalancer') {
    if ((spec(old).loadBalancerClass ?? null) !== (cls ?? null)) errs.push(invalid(p, cls ?? null, 'may not change once set'));
  }
  if (spec(service).type === 'LoadBalancer') {
    if (cls !== undefined && cls !== null) errs.push(...isQualifiedName(cls).map((m) => invalid(p, cls, m)));
  } else if (cls !== undefined && cls !== null) {
    errs.push(forbidden(p, "may only be used when `type` is 'LoadBalancer'"));
  }
  return errs;
}

function validateExternalTrafficPolicy(service: Service): FieldError[] {
  const s = spec(service);
  const p = FieldPath.of('spec');
  const errs: FieldError[] = [];
  const etp = s.externalTrafficPolicy ?? '';
  if (!externallyAccessible(service)) {
    if (etp) errs.push(invalid(p.child('externalTrafficPolicy'), etp, 'may only be set for externally-accessible services'));
  } else if (!etp) {
    errs.push(required(p.child('externalTrafficPolicy')));
  } else if (etp !== 'Cluster' && etp !== 'Local') {
    errs.push(notSupported(p.child('externalTrafficPolicy'), etp, ['Cluster', 'Local']));
  }
  const hc = s.healthCheckNodePort ?? 0;
  if (!needsHealthCheck(service)) {
    if (hc !== 0) errs.push(invalid(p.child('healthCheckNodePort'), hc, "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'"));
  } else if (hc === 0) {
    errs.push(required(p.child('healthCheckNodePort')));
  } else {
    errs.push(...isValidPortNum(hc).map((m) => invalid(p.child('healthCheckNodePort'), hc, m)));
  }
  return errs;
}

function validateUpgradeDowngradeClusterIPs(old: Service, service: Service): FieldError[] {
  if (spec(service).type === 'ExternalName' || spec(old).type === 'ExternalName') return [];
  if (isHeadlessService(old) && isHeadlessService(service)) return [];
  const errs: FieldError[] = [];
  const oldIPs = spec(old).clusterIPs ?? [];
  const newIPs = spec(service).clusterIPs ?? [];
  const p = FieldPath.of('spec', 'clusterIPs');
  const value = goStringSlice(spec(service).clusterIPs ?? null);
  if (oldIPs.length === newIPs.length) {
    oldIPs.forEach((ip, i) => {
      if (ip !== newIPs[i]) errs.push(invalid(p.at(i), value, 'may not change once set'));
    });
  } else if (oldIPs.length > newIPs.length) {
    if (newIPs.length === 0) errs.push(invalid(p.at(0), value, 'primary clusterIP can not be unset'));
    if (oldIPs.length > 0 && newIPs.length > 0 && newIPs[0] !== oldIPs[0]) errs.push(invalid(p.at(0), value, 'may not change once set'));
    if (newIPs.length === 1 && spec(service).ipFamilyPolicy !== 'SingleStack') {
      errs.push(
        invalid(FieldPath.of('spec', 'ipFamilyPolicy'), spec(service).ipFamilyPolicy ?? null, "must be set to 'SingleStack' when releasing the secondary clusterIP"),
      );
    }
  } else if (oldIPs.length > 0 && newIPs[0] !== oldIPs[0]) {
    errs.push(invalid(p.at(0), value, 'may not change once set'));
  }
  return errs;
}

function validateUpgradeDowngradeIPFamilies(old: Service, service: Service): FieldError[] {
  if (spec(service).type === 'ExternalName' || spec(old).type === 'ExternalName') return [];
  if (isHeadlessService(old) !== isHeadlessService(service) || isHeadlessService(service)) return [];
  const errs: FieldError[] = [];
  const oldF = spec(old).ipFamilies ?? [];
  const newF = spec(service).ipFamilies ?? [];
  const p = FieldPath.of('spec', 'ipFamilies').at(0);
  const familiesValue = goStringSlice(spec(service).ipFamilies ?? null, 'core.IPFamily');
  const ipsValue = goStringSlice(spec(service).clusterIPs ?? null);
  if (oldF.length === newF.length) {
    oldF.forEach((f, i) => {
      if (f !== newF[i]) errs.push(invalid(p, familiesValue, 'may not change once set'));
    });
  } else if (oldF.length > newF.length) {
    if ((spec(service).clusterIPs ?? []).length === 0) errs.push(invalid(p, familiesValue, 'primary ipFamily can not be unset'));
    if (newF.length > 0 && newF[0] !== oldF[0]) errs.push(invalid(p, ipsValue, 'may not change once set'));
    if (newF.length === 1 && spec(service).ipFamilyPolicy !== 'SingleStack') {
      errs.push(
        invalid(FieldPath.of('spec', 'ipFamilyPolicy'), spec(service).ipFamilyPolicy ?? null, "must be set to 'SingleStack' when releasing the secondary ipFamily"),
      );
    }
  } else if (oldF.length > 0 && newF.length > 0 && newF[0] !== oldF[0]) {
    errs.push(invalid(p, ipsValue, 'may not change once set'));
  }
  return errs;
}

export function validateServiceCreate(service: Service): FieldError[] {
  return validateService(service, undefined);
}

export function validateServiceUpdate(service: Service, old: Service): FieldError[] {
  const errs = validateObjectMetaUpdate(service.metadata, old.metadata);
  errs.push(...validateUpgradeDowngradeClusterIPs(old, service));
  errs.push(...validateUpgradeDowngradeIPFamilies(old, service));
  errs.push(...validateLoadBalancerClass(old, service));
  if (needsHealthCheck(old) && needsHealthCheck(service) && (spec(service).healthCheckNodePort ?? 0) !== (spec(old).healthCheckNodePort ?? 0)) {
    errs.push(forbidden(FieldPath.of('spec', 'healthCheckNodePort'), 'field is immutable'));
  }
  errs.push(...validateService(service, old));
  return errs;
}
