// What controllers need to know about a failed API call made through client-node: its HTTP
// code, the Status message upstream's controllers quote in their events ("Error creating:
// pods "web-x" is forbidden: ..."), and whether it was refused because the namespace is
// being deleted (the NamespaceTerminating cause), which controllers let pass quietly.

export function statusCode(error: unknown): number | undefined {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'number' ? code : undefined;
}

export const isNotFound = (error: unknown): boolean => statusCode(error) === 404;
export const isConflict = (error: unknown): boolean => statusCode(error) === 409;

interface StatusBody {
  message?: unknown;
  details?: { causes?: Array<{ reason?: string }> };
}

function statusBody(error: unknown): StatusBody | undefined {
  const body = (error as { body?: unknown })?.body;
  if (typeof body === 'string') {
    try {
      return JSON.parse(body) as StatusBody;
    } catch {
      return undefined;
    }
  }
  return body && typeof body === 'object' ? body as StatusBody : undefined;
}

/** The Status message of an API error, else the error's own message. */
export function statusMessage(error: unknown): string {
  const message = statusBody(error)?.message;
  if (typeof message === 'string' && message !== '') return message;
  return error instanceof Error ? error.message : String(error);
}

export function isNamespaceTerminating(error: unknown): boolean {
  return statusBody(error)?.details?.causes?.some((cause) => cause.reason === 'NamespaceTerminating') ?? false;
}
