// The admissionregistration.k8s.io tables: webhook configurations (WEBHOOKS), validating and
// mutating admission policies (VALIDATIONS / MUTATIONS, PARAMKIND) and their bindings
// (POLICYNAME, PARAMREF).
import type {
  MutatingAdmissionPolicy,
  MutatingAdmissionPolicyBinding,
  MutatingWebhookConfiguration,
  ValidatingAdmissionPolicy,
  ValidatingAdmissionPolicyBinding,
  ValidatingWebhookConfiguration,
} from '../../api/index.js';
import { AGE, NAME, ageOf, column, defineTable, nameOf } from './columns.js';
import { goLabelSelectorDebugString, type LabelSelector } from './labels.js';
import type { TableConvertor } from './types.js';

const WEBHOOKS = column('Webhooks', 'integer', 'Webhooks indicates the number of webhooks registered in this configuration');
const PARAM_KIND = column('ParamKind', 'string', 'ParamKind specifies the kind of resources used to parameterize this policy');

const webhookTable = defineTable<MutatingWebhookConfiguration | ValidatingWebhookConfiguration>({
  columns: [NAME, WEBHOOKS, AGE],
  cells: (config, now) => [nameOf(config), (config.webhooks ?? []).length, ageOf(config, now)],
});

function paramKind(spec: { paramKind?: { apiVersion?: string; kind?: string } } | undefined): string {
  const p = spec?.paramKind;
  return p ? `${p.apiVersion ?? ''}/${p.kind ?? ''}` : '<unset>';
}

interface ParamRef {
  name?: string;
  namespace?: string;
  selector?: LabelSelector;
}

/** The PARAMREF cell: `namespace/name`, `*\/name` without a namespace, or the selector. */
export function paramRefString(ref: ParamRef | undefined): string {
  if (!ref) return '<unset>';
  if (ref.name) return ref.namespace ? `${ref.namespace}/${ref.name}` : `*/${ref.name}`;
  if (ref.selector) return goLabelSelectorDebugString(ref.selector);
  return '<unset>';
}

const validatingAdmissionPolicyTable = defineTable<ValidatingAdmissionPolicy>({
  columns: [
    NAME,
    column('Validations', 'integer', 'Validations indicates the number of validation rules defined in this configuration'),
    PARAM_KIND,
    AGE,
  ],
  cells: (p, now) => [nameOf(p), (p.spec?.validations ?? []).length, paramKind(p.spec), ageOf(p, now)],
});

const mutatingAdmissionPolicyTable = defineTable<MutatingAdmissionPolicy>({
  columns: [
    NAME,
    column('Mutations', 'integer', 'Mutation indicates the number of mutations rules defined in this configuration'),
    PARAM_KIND,
    AGE,
  ],
  cells: (p, now) => [nameOf(p), (p.spec?.mutations ?? []).length, paramKind(p.spec), ageOf(p, now)],
});

const policyBindingTable = defineTable<ValidatingAdmissionPolicyBinding | MutatingAdmissionPolicyBinding>({
  columns: [
    NAME,
    column('PolicyName', 'string', 'PolicyName indicates the policy definition which the policy binding binded to'),
    column('ParamRef', 'string', 'ParamRef indicates the param resource which sets the configration param'),
    AGE,
  ],
  cells: (b, now) => [nameOf(b), b.spec?.policyName ?? '', paramRefString(b.spec?.paramRef), ageOf(b, now)],
});

/** admissionregistration.k8s.io kinds, by kind. */
export const admissionregistrationTables: Record<string, TableConvertor> = {
  MutatingWebhookConfiguration: webhookTable,
  ValidatingWebhookConfiguration: webhookTable,
  ValidatingAdmissionPolicy: validatingAdmissionPolicyTable,
  ValidatingAdmissionPolicyBinding: policyBindingTable,
  MutatingAdmissionPolicy: mutatingAdmissionPolicyTable,
  MutatingAdmissionPolicyBinding: policyBindingTable,
};
