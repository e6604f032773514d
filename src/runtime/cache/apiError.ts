// A failed request to the API server: the HTTP code and the metav1.Status it carried, or a
// transport failure (no code). The reflector decides from `code` whether to relist.

export interface Status {
  kind?: string;
  status?: string;
  message?: string;
  reason?: string;
  code?: number;
}

export class ApiError extends Error {
  constructor(message: string, readonly code?: number, readonly status?: Status) {
    super(message);
    this.name = 'ApiError';
  }

  static fromStatus(status: Status, fallbackCode?: number): ApiError {
    const code = status.code ?? fallbackCode;
    return new ApiError(status.message ?? `request failed with ${code}`, code, status);
  }
}

/** 410 Gone / reason Expired: the resourceVersion (or continue token) is too old; list again. */
export function isExpired(error: unknown): boolean {
  if (!(error instanceof ApiError)) return false;
  return error.code === 410 || error.status?.reason === 'Expired' || error.status?.reason === 'Gone';
}
