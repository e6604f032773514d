// networking.k8s.io/v1 Ingress: rules or a default backend, hosts (DNS names or wildcards, not
// IPs), HTTP paths by path type, service or resource backends, TLS hosts and secret names, the
// ingress class name and the legacy class annotation.
import { invalid, notSupported, required, type FieldError } from './fieldErrors.js';
import { FieldPath } from './fieldPath.js';
import {
  isDNS1123Subdomain,
  isValidPortName,
  isValidPortNum,
  isWildcardDNS1123Subdomain,
  parseIPSloppy,
} from './formats.js';
import { GoValue } from './goFormat.js';
import { nameIsDNS1035Label, nameIsDNSSubdomain, validateObjectMeta, validateObjectMetaUpdate } from './objectMeta.js';
import type { Ingress } from './types.js';

type IngressSpec = NonNullable<Ingress['spec']>;
type IngressRule = NonNullable<IngressSpec['rules']>[number];
type IngressBackend = NonNullable<IngressSpec['defaultBackend']>;

const PATH_TYPES = ['Exact', 'ImplementationSpecific', 'Prefix'];
const INVALID_SEQUENCES = ['//', '/./', '/../', '%2f', '%2F'];
const INVALID_SUFFIXES = ['/..', '/.'];

interface IngressOptions {
  allowInvalidSecretName: boolean;
  allowInvalidWildcardHostRule: boolean;
}

function pathSegmentNameErrors(name: string): string[] {
  if (name === '.' || name === '..') return [`may not be '${name}'`];
  const errs: string[] = [];
  for (const bad of ['/', '%']) if (name.includes(bad)) errs.push(`may not contain '${bad}'`);
  return errs;
}

function validateBackend(backend: IngressBackend, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (backend.resource && backend.service) return [invalid(path, '', 'cannot set both resource and service backends')];
  if (backend.resource) {
    const r = backend.resource;
    const p = path.child('resource');
    if (r.apiGroup !== undefined && r.apiGroup !== null) errs.push(...isDNS1123Subdomain(r.apiGroup).map((m) => invalid(p.child('apiGroup'), r.apiGroup, m)));
    if (!r.kind) errs.push(required(p.child('kind'), 'kind is required'));
    else errs.push(...pathSegmentNameErrors(r.kind).map((m) => invalid(p.child('kind'), r.kind, m)));
    if (!r.name) errs.push(required(p.child('name'), 'name is required'));
    else errs.push(...pathSegmentNameErrors(r.name).map((m) => invalid(p.child('name'), r.name, m)));
    return errs;
  }
  if (backend.service) {
    const svc = backend.service;
    const name = svc.name ?? '';
    if (!name) errs.push(required(path.child('service', 'name')));
    else errs.push(...nameIsDNS1035Label(name, false).map((m) => invalid(path.child('service', 'name'), name, m)));
    const portName = svc.port?.name ?? '';
    const portNumber = svc.port?.number ?? 0;
    if (portName && portNumber) errs.push(invalid(path, '', 'cannot set both port name & port number'));
    else if (portName) errs.push(...isValidPortName(portName).map((m) => invalid(path.child('service', 'port', 'name'), portName, m)));
    else if (portNumber) errs.push(...isValidPortNum(portNumber).map((m) => invalid(path.child('service', 'port', 'number'), portNumber, m)));
    else errs.push(required(path, 'port name or number is required'));
    return errs;
  }
  return [invalid(path, '', 'resource or service backend is required')];
}

function validateRuleValue(rule: IngressRule, path: FieldPath): FieldError[] {
  if (!rule.http) return [];
  const errs: FieldError[] = [];
  const httpPath = path.child('http');
  const paths = rule.http.paths ?? [];
  if (paths.length === 0) errs.push(required(httpPath.child('paths')));
  paths.forEach((p, i) => {
    const pPath = httpPath.child('paths').at(i);
    if (p.pathType === undefined || p.pathType === null) {
      errs.push(required(pPath.child('pathType'), 'pathType must be specified'));
      return;
    }
    const value = p.path ?? '';
    switch (p.pathType) {
      case 'Exact':
      case 'Prefix':
        if (!value.startsWith('/')) errs.push(invalid(pPath.child('path'), value, 'must be an absolute path'));
        if (value.length > 0) {
          for (const seq of INVALID_SEQUENCES) if (value.includes(seq)) errs.push(invalid(pPath.child('path'), value, `must not contain '${seq}'`));
          for (const suffix of INVALID_SUFFIXES) if (value.endsWith(suffix)) errs.push(invalid(pPath.child('path'), value, `cannot end with '${suffix}'`));
        }
        break;
      case 'ImplementationSpecific':
        if (value.length > 0 && !value.startsWith('/')) errs.push(invalid(pPath.child('path'), value, 'must be an absolute path'));
        break;
      default:
        errs.push(notSupported(pPath.child('pathType'), p.pathType, PATH_TYPES));
    }
    errs.push(...validateBackend(p.backend ?? {}, pPath.child('backend')));
  });
  return errs;
}

function validateIngressSpec(spec: IngressSpec | undefined, path: FieldPath, opts: IngressOptions): FieldError[] {
  const s = spec ?? ({} as IngressSpec);
  const errs: FieldError[] = [];
  const rules = s.rules ?? [];
  if (rules.length === 0 && !s.defaultBackend) {
    errs.push(invalid(path, new GoValue(s.rules ? '[]networking.IngressRule{}' : '[]networking.IngressRule(nil)'), 'either `defaultBackend` or `rules` must be specified'));
  }
  if (s.defaultBackend) errs.push(...validateBackend(s.defaultBackend, path.child('defaultBackend')));
  rules.forEach((rule, i) => {
    const p = path.child('rules').at(i);
    let wildcard = false;
    const host = rule.host ?? '';
    if (host) {
      if (parseIPSloppy(host) !== undefined) errs.push(invalid(p.child('host'), host, 'must be a DNS name, not an IP address'));
      if (host.includes('*')) {
        errs.push(...isWildcardDNS1123Subdomain(host).map((m) => invalid(p.child('host'), host, m)));
        wildcard = true;
      } else {
        errs.push(...isDNS1123Subdomain(host).map((m) => invalid(p.child('host'), host, m)));
      }
    }
    if (!wildcard || !opts.allowInvalidWildcardHostRule) errs.push(...validateRuleValue(rule, p));
  });
  (s.tls ?? []).forEach((tls, t) => {
    const p = path.child('tls').at(t);
    (tls.hosts ?? []).forEach((host, i) => {
      const msgs = host.includes('*') ? isWildcardDNS1123Subdomain(host) : isDNS1123Subdomain(host);
      errs.push(...msgs.map((m) => invalid(p.child('hosts').at(i), host, m)));
    });
    if (!opts.allowInvalidSecretName && tls.secretName) {
      errs.push(...nameIsDNSSubdomain(tls.secretName, false).map((m) => invalid(p.child('secretName'), tls.secretName, m)));
    }
  });
  if (s.ingressClassName !== undefined && s.ingressClassName !== null) {
    errs.push(...nameIsDNSSubdomain(s.ingressClassName, false).map((m) => invalid(path.child('ingressClassName'), s.ingressClassName, m)));
  }
  return errs;
}

export function validateIngressCreate(ingress: Ingress): FieldError[] {
  const errs = validateObjectMeta(ingress.metadata, true, nameIsDNSSubdomain);
  errs.push(...validateIngressSpec(ingress.spec, FieldPath.of('spec'), { allowInvalidSecretName: false, allowInvalidWildcardHostRule: false }));
  const annotation = ingress.metadata?.annotations?.['kubernetes.io/ingress.class'];
  const className = ingress.spec?.ingressClassName;
  if (annotation !== undefined && className !== undefined && className !== null && annotation !== className) {
    errs.push(invalid(FieldPath.of('annotations').child('kubernetes.io/ingress.class'), annotation, 'must match `ingressClassName` when both are specified'));
  }
  return errs;
}

export function validateIngressUpdate(ingress: Ingress, old: Ingress): FieldError[] {
  const oldSpec = old.spec ?? ({} as IngressSpec);
  const allowInvalidSecretName = (oldSpec.tls ?? []).some((t) => Boolean(t.secretName) && nameIsDNSSubdomain(t.secretName!, false).length > 0);
  const allowInvalidWildcardHostRule = (oldSpec.rules ?? []).some(
    (r) => (r.host ?? '').includes('*') && validateRuleValue(r, FieldPath.of('x')).length > 0,
  );
  const errs = validateObjectMetaUpdate(ingress.metadata, old.metadata);
  errs.push(...validateObjectMeta(ingress.metadata, true, nameIsDNSSubdomain));
  errs.push(...validateIngressSpec(ingress.spec, FieldPath.of('spec'), { allowInvalidSecretName, allowInvalidWildcardHostRule }));
  return errs;
}
