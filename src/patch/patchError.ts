// The errors the patch functions throw: each carries the HTTP code, reason, message and details
// kube-apiserver answers with for the same failure, so the PATCH handler can turn it into a
// metav1.Status unchanged (`err.toStatus()`).

/** A metav1.StatusCause (JSON names; `reason` is the Go `Type`). */
export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

/** A metav1.StatusDetails. */
export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

/** A metav1.Status object as kube-apiserver writes it (fields in Go's order). */
export interface StatusObject {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure';
  message?: string;
  reason?: string;
  details?: StatusDetails;
  code: number;
}

export class PatchError extends Error {
  /** HTTP status code. */
  readonly code: number;
  /** metav1.StatusReason; '' for plain (non-Status) errors, which upstream answers as 500 with no reason. */
  readonly reason: string;
  readonly details: StatusDetails | undefined;

  constructor(code: number, reason: string, message: string, details?: StatusDetails) {
    super(message);
    this.name = 'PatchError';
    this.code = code;
    this.reason = reason;
    this.details = details;
  }

  /** The metav1.Status body; keys in Go's order (message, reason and details before code). */
  toStatus(): StatusObject {
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      ...(this.message !== '' ? { message: this.message } : {}),
      ...(this.reason !== '' ? { reason: this.reason } : {}),
      ...(this.details !== undefined ? { details: this.details } : {}),
      code: this.code,
    };
  }
}

/** errors.NewBadRequest: 400 BadRequest with the message as is. */
export function badRequest(message: string): PatchError {
  return new PatchError(400, 'BadRequest', message);
}

/**
 * errors.NewGenericServerResponse(422, ...) as the PATCH handler builds it for a JSON patch that
 * does not apply (and a few strategic merge errors): the reason is Invalid, the message is the
 * generic one and the underlying error text is dropped, exactly as upstream does.
 */
export function genericUnprocessable(): PatchError {
  return new PatchError(422, 'Invalid', 'the server rejected our request due to an error in our request', {});
}

/** A plain Go error reaching the handler: 500, no reason, the error text as message. */
export function internalError(message: string): PatchError {
  return new PatchError(500, '', message);
}

/** errors.NewRequestEntityTooLargeError. */
export function requestEntityTooLarge(message: string): PatchError {
  return new PatchError(413, 'RequestEntityTooLarge', `Request entity too large: ${message}`);
}

/** The patch content types kube-apiserver accepts for built-in resources, in its order. */
export const BUILTIN_PATCH_TYPES = [
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
  'application/apply-patch+yaml',
] as const;

/** The patch content types accepted for custom resources (no strategic merge patch). */
export const CUSTOM_RESOURCE_PATCH_TYPES = [
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/apply-patch+yaml',
] as const;

/**
 * negotiation.NewUnsupportedMediaTypeError: the 415 answer to a PATCH whose content type the
 * resource does not accept (e.g. strategic merge patch on a custom resource).
 */
export function unsupportedPatchType(accepted: readonly string[]): PatchError {
  return new PatchError(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`,
  );
}

/**
 * errors.NewInvalid(GroupKind{}, "", [field.Invalid("patch", patched, detail)]): the 422 a PATCH
 * gets when the patched document no longer decodes into the object.
 */
export function invalidPatchedObject(patched: string, detail: string): PatchError {
  const body = `Invalid value: ${JSON.stringify(patched)}: ${detail}`;
  return new PatchError(422, 'Invalid', `"" is invalid: patch: ${body}`, {
    causes: [{ reason: 'FieldValueInvalid', message: body, field: 'patch' }],
  });
}
