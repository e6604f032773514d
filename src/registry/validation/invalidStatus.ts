// The 422 Invalid metav1.Status upstream's errors.NewInvalid builds from a list of field errors:
// message `<Kind>[.<group>] "<name>" is invalid: <errors>` (one error plain, several as a
// deduplicated `[a, b]` list), one cause per error (not deduplicated).
import { errorBody, errorString, type FieldError } from './fieldErrors.js';
import { goQuote } from './goFormat.js';

export interface InvalidStatusCause {
  reason: string;
  message: string;
  field: string;
}

export interface InvalidStatus {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure';
  message: string;
  reason: 'Invalid';
  details: {
    name: string;
    group?: string;
    kind: string;
    causes: InvalidStatusCause[];
  };
  code: 422;
}

/** The message part after "is invalid: " for a list of errors (empty list: ''). */
export function aggregateMessage(errors: readonly FieldError[]): string {
  const seen = new Set<string>();
  const messages: string[] = [];
  for (const error of errors) {
    const message = errorString(error);
    if (seen.has(message)) continue;
    seen.add(message);
    messages.push(message);
  }
  if (messages.length === 0) return '';
  if (messages.length === 1) return messages[0]!;
  return `[${messages.join(', ')}]`;
}

/** Builds the Status for `group`/`kind` (the Kind, e.g. Deployment, with group apps). */
export function invalidStatus(group: string, kind: string, name: string, errors: readonly FieldError[]): InvalidStatus {
  const qualifiedKind = group ? `${kind}.${group}` : kind;
  const aggregate = aggregateMessage(errors);
  const message = aggregate
    ? `${qualifiedKind} ${goQuote(name)} is invalid: ${aggregate}`
    : `${qualifiedKind} ${goQuote(name)} is invalid`;
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason: 'Invalid',
    details: {
      name,
      ...(group ? { group } : {}),
      kind,
      causes: errors.map((e) => ({ reason: e.type, message: errorBody(e), field: e.field })),
    },
    code: 422,
  };
}

/** The same, taking the object's apiVersion (`apps/v1`, `v1`) to find the group. */
export function invalidStatusFor(apiVersion: string, kind: string, name: string, errors: readonly FieldError[]): InvalidStatus {
  const slash = apiVersion.indexOf('/');
  return invalidStatus(slash < 0 ? '' : apiVersion.slice(0, slash), kind, name, errors);
}
