// API errors as metav1.Status objects, with upstream's reasons, codes and message text
// (k8s.io/apimachinery/pkg/api/errors). Thrown anywhere below the HTTP layer, written by it.

export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, unknown>;
  status: 'Failure' | 'Success';
  message: string;
  reason: string;
  details?: StatusDetails;
  code: number;
}

/** Names a resource the way upstream messages do: `pods`, `deployments.apps`. */
export interface ResourceName {
  group: string;
  resource: string;
}

function qualified({ group, resource }: ResourceName): string {
  return group === '' ? resource : `${resource}.${group}`;
}

function details(target: ResourceName, name: string, extra: Partial<StatusDetails> = {}): StatusDetails {
  return { name, ...(target.group ? { group: target.group } : {}), kind: target.resource, ...extra };
}

export class StatusError extends Error {
  constructor(readonly status: Status, readonly headers: Record<string, string> = {}) {
    super(status.message);
    this.name = 'StatusError';
  }

  get code(): number {
    return this.status.code;
  }

  static of(code: number, reason: string, message: string, statusDetails?: StatusDetails): StatusError {
    return new StatusError({
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason,
      ...(statusDetails ? { details: statusDetails } : {}), code,
    });
  }

  static notFound(target: ResourceName, name: string): StatusError {
    return StatusError.of(404, 'NotFound', `${qualified(target)} "${name}" not found`, details(target, name));
  }

  static alreadyExists(target: ResourceName, name: string): StatusError {
    return StatusError.of(409, 'AlreadyExists', `${qualified(target)} "${name}" already exists`, details(target, name));
  }

  static conflict(target: ResourceName, name: string, why: string): StatusError {
    return StatusError.of(409, 'Conflict', `Operation cannot be fulfilled on ${qualified(target)} "${name}": ${why}`, details(target, name));
  }

  static modified(target: ResourceName, name: string): StatusError {
    return StatusError.conflict(target, name,
      'the object has been modified; please apply your changes to the latest version and try again');
  }

  static badRequest(message: string): StatusError {
    return StatusError.of(400, 'BadRequest', message);
  }

  static invalid(kind: string, group: string, name: string, causes: StatusCause[], message: string): StatusError {
    return StatusError.of(422, 'Invalid', message, { name, ...(group ? { group } : {}), kind, causes });
  }

  static forbidden(target: ResourceName, name: string, why: string): StatusError {
    const what = name ? `${qualified(target)} "${name}"` : qualified(target);
    return StatusError.of(403, 'Forbidden', `${what} is forbidden: ${why}`, details(target, name));
  }

  static methodNotSupported(target: ResourceName, action: string): StatusError {
    return StatusError.of(405, 'MethodNotAllowed', `${action} is not supported on resources of kind "${qualified(target)}"`,
      { ...(target.group ? { group: target.group } : {}), kind: target.resource });
  }

  static notAcceptable(accepted: string[]): StatusError {
    return StatusError.of(406, 'NotAcceptable', `only the following media types are accepted: ${accepted.join(', ')}`);
  }

  static unsupportedMediaType(contentType: string, accepted: string[]): StatusError {
    return StatusError.of(415, 'UnsupportedMediaType',
      `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`,
      { causes: [{ reason: 'UnexpectedServerResponse', message: contentType }] });
  }

  static tooLarge(limit: number): StatusError {
    return StatusError.of(413, 'RequestEntityTooLarge', `Request entity too large: limit is ${limit}`);
  }

  static expired(message: string): StatusError {
    return StatusError.of(410, 'Expired', message);
  }

  static gone(message: string): StatusError {
    return StatusError.of(410, 'Gone', message);
  }

  static timeout(message: string, retryAfterSeconds = 1): StatusError {
    const error = StatusError.of(504, 'Timeout', message, { retryAfterSeconds });
    return error;
  }

  static internal(message: string): StatusError {
    return StatusError.of(500, 'InternalError', `Internal error occurred: ${message}`,
      { causes: [{ message }] });
  }

  static tooManyRequests(message: string, retryAfterSeconds: number): StatusError {
    return new StatusError({
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message,
      reason: 'TooManyRequests', details: { retryAfterSeconds }, code: 429,
    }, { 'Retry-After': String(retryAfterSeconds) });
  }
}
