// Mutations upstream makes outside the versioned defaulters, exposed for the store to call at the
// right moment: the ServiceAccount admission plugin (serviceAccountName "default", the projected
// kube-api-access token volume, image pull secrets), the pod strategy (status Pending with the
// QoS class), the Job strategy (generated selector and labels), the Namespace strategy (the
// `kubernetes` finalizer) and the DaemonSet template generation annotation.
import { randomInt } from 'node:crypto';

import { Quantity, tryParseQuantity } from '../../api/quantity.js';
import type { Container, DaemonSet, Job, Namespace, Pod, Volume } from '../validation/types.js';
import { GoType, semanticEqual } from '../validation/semantic.js';

const MIRROR_POD_ANNOTATION = 'kubernetes.io/config.mirror';
export const SERVICE_ACCOUNT_TOKEN_MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';
const TOKEN_VOLUME_PREFIX = 'kube-api-access-';
const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** names.SimpleNameGenerator: base (cut to 58 characters) plus 5 random characters. */
export function generateName(base: string): string {
  const cut = base.length > 58 ? base.slice(0, 58) : base;
  let suffix = '';
  for (let i = 0; i < 5; i++) suffix += NAME_ALPHABET[randomInt(NAME_ALPHABET.length)];
  return cut + suffix;
}

export interface ServiceAccountInfo {
  /** The ServiceAccount's automountServiceAccountToken (undefined: not set). */
  automountServiceAccountToken?: boolean;
  /** The ServiceAccount's imagePullSecrets names. */
  imagePullSecrets?: string[];
}

/** The projected volume the ServiceAccount admission plugin adds (token, CA bundle, namespace). */
export function serviceAccountTokenVolume(name: string): Volume {
  return {
    name,
    projected: {
      defaultMode: 0o644,
      sources: [
        { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
        { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
        { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
      ],
    },
  };
}

/**
 * The ServiceAccount admission plugin on pod create: serviceAccountName defaults to "default";
 * unless the pod or the account opts out, every container mounts a kube-api-access-xxxxx
 * projected token volume read-only at /var/run/secrets/kubernetes.io/serviceaccount; the
 * account's image pull secrets are copied when the pod has none. Mirror pods are left alone.
 * Returns the service account name the store should check exists.
 */
export function defaultServiceAccount(pod: Pod, account: ServiceAccountInfo = {}): string {
  const spec = (pod.spec ??= { containers: [] });
  if (pod.metadata?.annotations && MIRROR_POD_ANNOTATION in pod.metadata.annotations) return spec.serviceAccountName ?? '';
  if (!spec.serviceAccountName) spec.serviceAccountName = 'default';
  const automount = spec.automountServiceAccountToken ?? account.automountServiceAccountToken ?? true;
  if (automount) mountServiceAccountToken(pod);
  if ((spec.imagePullSecrets ?? []).length === 0 && (account.imagePullSecrets ?? []).length > 0) {
    spec.imagePullSecrets = account.imagePullSecrets!.map((name) => ({ name }));
  }
  return spec.serviceAccountName;
}

function mountServiceAccountToken(pod: Pod): void {
  const spec = pod.spec!;
  const existing = (spec.volumes ?? []).find((v) => (v.name ?? '').startsWith(TOKEN_VOLUME_PREFIX));
  const volumeName = existing?.name ?? generateName(TOKEN_VOLUME_PREFIX);
  let needsVolume = false;
  const mountInto = (containers: Container[] | undefined): void => {
    for (const c of containers ?? []) {
      if ((c.volumeMounts ?? []).some((m) => m.mountPath === SERVICE_ACCOUNT_TOKEN_MOUNT_PATH)) continue;
      c.volumeMounts = [...(c.volumeMounts ?? []), { name: volumeName, readOnly: true, mountPath: SERVICE_ACCOUNT_TOKEN_MOUNT_PATH }];
      needsVolume = true;
    }
  };
  mountInto(spec.initContainers);
  mountInto(spec.containers);
  if (!existing && needsVolume) spec.volumes = [...(spec.volumes ?? []), serviceAccountTokenVolume(volumeName)];
}

/** v1.PodQOSClass of a pod (qos.ComputePodQOS). */
export function podQOSClass(pod: Pod): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const requests = new Map<string, Quantity>();
  const limits = new Map<string, Quantity>();
  let guaranteed = true;
  const add = (into: Map<string, Quantity>, name: string, q: Quantity): void => {
    const prev = into.get(name);
    into.set(name, prev ? sum(prev, q) : q);
  };
  for (const c of [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])]) {
    for (const [name, raw] of Object.entries(c.resources?.requests ?? {})) {
      if (name !== 'cpu' && name !== 'memory') continue;
      const q = tryParseQuantity(raw);
      if (q && q.sign() > 0) add(requests, name, q);
    }
    const found = new Set<string>();
    for (const [name, raw] of Object.entries(c.resources?.limits ?? {})) {
      if (name !== 'cpu' && name !== 'memory') continue;
      const q = tryParseQuantity(raw);
      if (q && q.sign() > 0) {
        found.add(name);
        add(limits, name, q);
      }
    }
    if (!found.has('cpu') || !found.has('memory')) guaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  if (guaranteed) {
    for (const [name, req] of requests) {
      const lim = limits.get(name);
      if (!lim || lim.cmp(req) !== 0) {
        guaranteed = false;
        break;
      }
    }
  }
  return guaranteed && requests.size === limits.size ? 'Guaranteed' : 'Burstable';
}

function sum(a: Quantity, b: Quantity): Quantity {
  const scale = Math.min(a.scale, b.scale);
  const total = a.scaledValue(scale) + b.scaledValue(scale);
  return Quantity.parse(`${total}e${scale}`);
}

/**
 * The pod strategy's PrepareForCreate: generation 1, status reset to phase Pending with the QoS
 * class, and a PodScheduled=False SchedulingGated condition when the pod has scheduling gates.
 */
export function preparePodForCreate(pod: Pod, now: Date = new Date()): void {
  pod.metadata ??= {};
  pod.metadata.generation = 1;
  pod.status = { phase: 'Pending', qosClass: podQOSClass(pod) };
  if ((pod.spec?.schedulingGates ?? []).length > 0) {
    pod.status.conditions = [
      {
        type: 'PodScheduled',
        status: 'False',
        lastProbeTime: null as unknown as string,
        lastTransitionTime: `${now.toISOString().slice(0, 19)}Z`,
        reason: 'SchedulingGated',
        message: 'Scheduling is blocked due to non-empty scheduling gates',
      },
    ];
  }
}

/**
 * The Job strategy's selector generation (unless spec.manualSelector): the template gets
 * job-name / controller-uid labels (legacy and batch.kubernetes.io/ forms), the selector matches
 * batch.kubernetes.io/controller-uid. Call after metadata.uid is set, before validation.
 */
export function generateJobSelector(job: Job): void {
  const spec = (job.spec ??= {} as NonNullable<Job['spec']>);
  if (spec.manualSelector === true) return;
  const template = (spec.template ??= {} as NonNullable<Job['spec']>['template']);
  const meta = (template.metadata ??= {});
  const labels = (meta.labels ??= {});
  const name = job.metadata?.name ?? '';
  const uid = job.metadata?.uid ?? '';
  for (const key of ['job-name', 'batch.kubernetes.io/job-name']) if (!(key in labels)) labels[key] = name;
  for (const key of ['controller-uid', 'batch.kubernetes.io/controller-uid']) if (!(key in labels)) labels[key] = uid;
  const selector = (spec.selector ??= {});
  const matchLabels = (selector.matchLabels ??= {});
  if (!('batch.kubernetes.io/controller-uid' in matchLabels)) matchLabels['batch.kubernetes.io/controller-uid'] = uid;
}

/** The Namespace strategy on create: status Active, the `kubernetes` finalizer in spec. */
export function prepareNamespaceForCreate(ns: Namespace): void {
  ns.status = { phase: 'Active' };
  const spec = (ns.spec ??= {});
  const finalizers = spec.finalizers ?? [];
  if (!finalizers.includes('kubernetes')) spec.finalizers = [...finalizers, 'kubernetes'];
}

/** The Namespace strategy on update: spec.finalizers and status only change through subresources. */
export function prepareNamespaceForUpdate(ns: Namespace, old: Namespace): void {
  ns.spec = { ...(ns.spec ?? {}) };
  if (old.spec?.finalizers) ns.spec.finalizers = old.spec.finalizers;
  else delete ns.spec.finalizers;
  if (Object.keys(ns.spec).length === 0) ns.spec = {};
  ns.status = old.status;
}

/** The Namespace Canonicalize: the name label (for names made from generateName). */
export function canonicalizeNamespace(ns: Namespace): void {
  const meta = (ns.metadata ??= {});
  meta.labels = { ...(meta.labels ?? {}), 'kubernetes.io/metadata.name': meta.name ?? '' };
}

export const DAEMONSET_TEMPLATE_GENERATION = 'deprecated.daemonset.template.generation';

function templateGeneration(ds: DaemonSet): number {
  const raw = ds.metadata?.annotations?.[DAEMONSET_TEMPLATE_GENERATION];
  const n = raw === undefined ? NaN : Number(raw);
  return Number.isInteger(n) ? n : 0;
}

function setTemplateGeneration(ds: DaemonSet, value: number): void {
  const meta = (ds.metadata ??= {});
  meta.annotations = { ...(meta.annotations ?? {}), [DAEMONSET_TEMPLATE_GENERATION]: String(value) };
}

/** The DaemonSet strategy on create: template generation at least 1 (an annotation in apps/v1). */
export function prepareDaemonSetForCreate(ds: DaemonSet): void {
  setTemplateGeneration(ds, Math.max(templateGeneration(ds), 1));
}

/** The DaemonSet strategy on update: the template generation moves on when the template changes. */
export function prepareDaemonSetForUpdate(ds: DaemonSet, old: DaemonSet): void {
  const previous = templateGeneration(old);
  const changed = !semanticEqual(ds.spec?.template, old.spec?.template, GoType.PodTemplateSpec);
  setTemplateGeneration(ds, changed ? previous + 1 : previous);
}
