// Scheduling constraints in a pod spec (and a PersistentVolume's node affinity): node selectors
// and their terms, node/pod (anti-)affinity, tolerations, topology spread constraints.
import {
  duplicate,
  forbidden,
  invalid,
  notSupported,
  required,
  type FieldError,
} from './fieldErrors.js';
import type { FieldPath } from './fieldPath.js';
import { isValidLabelValue } from './formats.js';
import { validateLabelName, validateLabelSelector, validateSelectorRequirement, type LabelSelector } from './labelSelector.js';
import { nameIsDNSLabel, nameIsDNSSubdomain } from './objectMeta.js';
import type {
  Affinity,
  NodeSelector,
  NodeSelectorRequirement,
  NodeSelectorTerm,
  PodAffinityTerm,
  Toleration,
  TopologySpreadConstraint,
} from './types.js';

export function validateNodeSelectorRequirement(
  req: NodeSelectorRequirement,
  allowInvalidLabelValue: boolean,
  path: FieldPath,
): FieldError[] {
  return validateSelectorRequirement(req, allowInvalidLabelValue, path, (operator, values) => {
    if (operator !== 'Gt' && operator !== 'Lt') return undefined;
    if (values.length === 1) return [];
    return [required(path.child('values'), "must be specified single value when `operator` is 'Lt' or 'Gt'")];
  });
}

function validateNodeFieldSelectorRequirement(req: NodeSelectorRequirement, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const values = req.values ?? [];
  if (req.operator === 'In' || req.operator === 'NotIn') {
    if (values.length !== 1) {
      errs.push(required(path.child('values'), "must be only one value when `operator` is 'In' or 'NotIn' for node field selector"));
    }
  } else {
    errs.push(invalid(path.child('operator'), req.operator ?? '', 'not a valid selector operator'));
  }
  if (req.key !== 'metadata.name') {
    errs.push(invalid(path.child('key'), req.key ?? '', 'not a valid field selector key'));
  } else {
    values.forEach((v, i) => {
      for (const msg of nameIsDNSSubdomain(v, false)) errs.push(invalid(path.child('values').at(i), v, msg));
    });
  }
  return errs;
}

export function validateNodeSelectorTerm(term: NodeSelectorTerm, allowInvalidLabelValue: boolean, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  (term.matchExpressions ?? []).forEach((req, j) => {
    errs.push(...validateNodeSelectorRequirement(req, allowInvalidLabelValue, path.child('matchExpressions').at(j)));
  });
  (term.matchFields ?? []).forEach((req, j) => {
    errs.push(...validateNodeFieldSelectorRequirement(req, path.child('matchFields').at(j)));
  });
  return errs;
}

export function validateNodeSelector(selector: NodeSelector, allowInvalidLabelValue: boolean, path: FieldPath): FieldError[] {
  const termPath = path.child('nodeSelectorTerms');
  const terms = selector.nodeSelectorTerms ?? [];
  if (terms.length === 0) return [required(termPath, 'must have at least one node selector term')];
  return terms.flatMap((term, i) => validateNodeSelectorTerm(term, allowInvalidLabelValue, termPath.at(i)));
}

function validateLabelKeys(path: FieldPath, keys: string[] | undefined, selector: LabelSelector | undefined): FieldError[] {
  if (!keys || keys.length === 0) return [];
  if (!selector) return [forbidden(path, 'must not be specified when labelSelector is not set')];
  return keys.flatMap((key, i) => validateLabelName(key, path.at(i)));
}

function validateMatchLabelKeysAndMismatchLabelKeys(
  path: FieldPath,
  matchLabelKeys: string[] | undefined,
  mismatchLabelKeys: string[] | undefined,
  selector: LabelSelector | undefined,
): FieldError[] {
  const errs = [
    ...validateLabelKeys(path.child('matchLabelKeys'), matchLabelKeys, selector),
    ...validateLabelKeys(path.child('mismatchLabelKeys'), mismatchLabelKeys, selector),
  ];
  if (selector) {
    const keyIndex = new Map<string, number>();
    (matchLabelKeys ?? []).forEach((k, i) => keyIndex.set(k, i));
    const selectorKeys = new Set(Object.keys(selector.matchLabels ?? {}));
    for (const expr of selector.matchExpressions ?? []) {
      const key = expr.key ?? '';
      const i = keyIndex.get(key);
      if (i !== undefined && selectorKeys.has(key)) {
        errs.push(invalid(path.at(i), key, 'exists in both matchLabelKeys and labelSelector'));
      }
      selectorKeys.add(key);
    }
  }
  const mismatch = new Set(mismatchLabelKeys ?? []);
  (matchLabelKeys ?? []).forEach((k, i) => {
    if (mismatch.has(k)) errs.push(invalid(path.child('matchLabelKeys').at(i), k, 'exists in both matchLabelKeys and mismatchLabelKeys'));
  });
  return errs;
}

function validatePodAffinityTerm(term: PodAffinityTerm, allowInvalidLabelValue: boolean, path: FieldPath): FieldError[] {
  const opts = { allowInvalidLabelValueInSelector: allowInvalidLabelValue };
  const errs = [
    ...validateLabelSelector(term.labelSelector, opts, path.child('labelSelector')),
    ...validateLabelSelector(term.namespaceSelector, opts, path.child('namespaceSelector')),
  ];
  for (const name of term.namespaces ?? []) {
    for (const msg of nameIsDNSLabel(name, false)) errs.push(invalid(path.child('namespace'), name, msg));
  }
  errs.push(...validateMatchLabelKeysAndMismatchLabelKeys(path, term.matchLabelKeys, term.mismatchLabelKeys, term.labelSelector));
  if (!term.topologyKey) errs.push(required(path.child('topologyKey'), 'can not be empty'));
  errs.push(...validateLabelName(term.topologyKey ?? '', path.child('topologyKey')));
  return errs;
}

interface PodAffinityLike {
  requiredDuringSchedulingIgnoredDuringExecution?: PodAffinityTerm[];
  preferredDuringSchedulingIgnoredDuringExecution?: Array<{ weight?: number; podAffinityTerm?: PodAffinityTerm }>;
}

function validatePodAffinityLike(affinity: PodAffinityLike, allowInvalidLabelValue: boolean, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const req = path.child('requiredDuringSchedulingIgnoredDuringExecution');
  (affinity.requiredDuringSchedulingIgnoredDuringExecution ?? []).forEach((term, i) => {
    errs.push(...validatePodAffinityTerm(term, allowInvalidLabelValue, req.at(i)));
  });
  const pref = path.child('preferredDuringSchedulingIgnoredDuringExecution');
  (affinity.preferredDuringSchedulingIgnoredDuringExecution ?? []).forEach((weighted, j) => {
    const weight = weighted.weight ?? 0;
    if (weight <= 0 || weight > 100) errs.push(invalid(pref.at(j).child('weight'), weight, 'must be in the range 1-100'));
    errs.push(...validatePodAffinityTerm(weighted.podAffinityTerm ?? ({} as PodAffinityTerm), allowInvalidLabelValue, pref.at(j).child('podAffinityTerm')));
  });
  return errs;
}

export interface AffinityOptions {
  allowInvalidLabelValueInSelector: boolean;
  allowInvalidLabelValueInRequiredNodeAffinity: boolean;
}

export function validateAffinity(affinity: Affinity | undefined, opts: AffinityOptions, path: FieldPath): FieldError[] {
  if (!affinity) return [];
  const errs: FieldError[] = [];
  const na = affinity.nodeAffinity;
  if (na) {
    const naPath = path.child('nodeAffinity');
    if (na.requiredDuringSchedulingIgnoredDuringExecution) {
      errs.push(
        ...validateNodeSelector(
          na.requiredDuringSchedulingIgnoredDuringExecution,
          opts.allowInvalidLabelValueInRequiredNodeAffinity,
          naPath.child('requiredDuringSchedulingIgnoredDuringExecution'),
        ),
      );
    }
    const pref = naPath.child('preferredDuringSchedulingIgnoredDuringExecution');
    (na.preferredDuringSchedulingIgnoredDuringExecution ?? []).forEach((term, i) => {
      const weight = term.weight ?? 0;
      if (weight <= 0 || weight > 100) errs.push(invalid(pref.at(i).child('weight'), weight, 'must be in the range 1-100'));
      errs.push(...validateNodeSelectorTerm(term.preference ?? {}, true, pref.at(i).child('preference')));
    });
  }
  if (affinity.podAffinity) {
    errs.push(...validatePodAffinityLike(affinity.podAffinity, opts.allowInvalidLabelValueInSelector, path.child('podAffinity')));
  }
  if (affinity.podAntiAffinity) {
    errs.push(...validatePodAffinityLike(affinity.podAntiAffinity, opts.allowInvalidLabelValueInSelector, path.child('podAntiAffinity')));
  }
  return errs;
}

const taintEffects = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

export function validateTaintEffect(effect: string, allowEmpty: boolean, path: FieldPath): FieldError[] {
  if (!allowEmpty && effect.length === 0) return [required(path)];
  if (!taintEffects.includes(effect)) return [notSupported(path, effect, taintEffects)];
  return [];
}

export function validateTolerations(tolerations: Toleration[] | undefined, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  (tolerations ?? []).forEach((t, i) => {
    const p = path.at(i);
    const key = t.key ?? '';
    const operator = t.operator ?? '';
    const effect = t.effect ?? '';
    const value = t.value ?? '';
    if (key.length > 0) errs.push(...validateLabelName(key, p.child('key')));
    if (key.length === 0 && operator !== 'Exists') {
      errs.push(invalid(p.child('operator'), operator, 'operator must be Exists when `key` is empty, which means "match all values and all keys"'));
    }
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null && effect !== 'NoExecute') {
      errs.push(invalid(p.child('effect'), effect, "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    }
    switch (operator) {
      case 'Equal':
      case '': {
        const msgs = isValidLabelValue(value);
        if (msgs.length > 0) errs.push(invalid(p.child('operator'), value, msgs.join(';')));
        break;
      }
      case 'Exists':
        if (value.length > 0) errs.push(invalid(p.child('operator'), value, "value must be empty when `operator` is 'Exists'"));
        break;
      default:
        errs.push(notSupported(p.child('operator'), operator, ['Equal', 'Exists']));
    }
    if (effect.length > 0) errs.push(...validateTaintEffect(effect, true, p.child('effect')));
  });
  return errs;
}

export function validateTopologySpreadConstraints(
  constraints: TopologySpreadConstraint[] | undefined,
  allowInvalidSelector: boolean,
  path: FieldPath,
): FieldError[] {
  const errs: FieldError[] = [];
  const list = constraints ?? [];
  list.forEach((c, i) => {
    const p = path.at(i);
    const maxSkew = c.maxSkew ?? 0;
    if (maxSkew <= 0) errs.push(invalid(p.child('maxSkew'), maxSkew, 'must be greater than zero'));
    if (!c.topologyKey) errs.push(required(p.child('topologyKey'), 'can not be empty'));
    const action = c.whenUnsatisfiable ?? '';
    if (action !== 'DoNotSchedule' && action !== 'ScheduleAnyway') {
      errs.push(notSupported(p.child('whenUnsatisfiable'), action, ['DoNotSchedule', 'ScheduleAnyway']));
    }
    const repeat = list.slice(i + 1).find((r) => (r.topologyKey ?? '') === (c.topologyKey ?? '') && (r.whenUnsatisfiable ?? '') === action);
    if (repeat) errs.push(duplicate(p.child('{topologyKey, whenUnsatisfiable}'), `{${c.topologyKey ?? ''}, ${action}}`));
    if (c.minDomains !== undefined && c.minDomains !== null) {
      if (c.minDomains <= 0) errs.push(invalid(p.child('minDomains'), c.minDomains, 'must be greater than zero'));
      if (action !== 'DoNotSchedule') {
        errs.push(invalid(p.child('minDomains'), c.minDomains, `can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ${action}`));
      }
    }
    for (const policy of ['nodeAffinityPolicy', 'nodeTaintsPolicy'] as const) {
      const value = c[policy];
      if (value !== undefined && value !== null && value !== 'Ignore' && value !== 'Honor') {
        errs.push(notSupported(p.child(policy), value, ['Honor', 'Ignore']));
      }
    }
    const keys = c.matchLabelKeys ?? [];
    if (keys.length > 0) {
      const selectorKeys = new Set<string>();
      if (c.labelSelector) {
        for (const k of Object.keys(c.labelSelector.matchLabels ?? {})) selectorKeys.add(k);
        for (const e of c.labelSelector.matchExpressions ?? []) selectorKeys.add(e.key ?? '');
      } else {
        errs.push(forbidden(p.child('matchLabelKeys'), 'must not be specified when labelSelector is not set'));
      }
      keys.forEach((key, j) => {
        errs.push(...validateLabelName(key, p.child('matchLabelKeys').at(j)));
        if (selectorKeys.has(key)) errs.push(invalid(p.child('matchLabelKeys').at(j), key, 'exists in both matchLabelKeys and labelSelector'));
      });
    }
    if (!allowInvalidSelector) {
      errs.push(...validateLabelSelector(c.labelSelector, { allowInvalidLabelValueInSelector: false }, p.child('labelSelector')));
    }
  });
  return errs;
}

