// What controllers need to know about a failed API call made through client-node: its HTTP
// code, and the Status message upstream's controllers quote in their events ("Error creating:
// pods "web-x" is forbidden: ...").

export function statusCode(error: unknown): number | undefined {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'number' ? code : undefined;
}

export const isNotFound = (error: unknown): boolean => statusCode(error) === 404;
export const isConflict = (error: unknown): boolean => statusCode(error) === 409;

/** The Status message of an API error, else the error's own message. */
export function statusMessage(error: unknown): string {
  const body = (error as { body?: unknown })?.body;
  if (typeof body === 'string') {
    try {
      const message = (JSON.parse(body) as { message?: unknown }).message;
      if (typeof message === 'string' && message !== '') return message;
    } catch {
      // not JSON: fall through
    }
  } else if (body && typeof (body as { message?: unknown }).message === 'string') {
    return (body as { message: string }).message;
  }
  return error instanceof Error ? error.message : String(error);
}
