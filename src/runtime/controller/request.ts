// What a reconciler is asked to do and what it answers. A Request names one object (namespace
// and name, never its content: the reconciler reads the current state itself); the work queue
// holds requests as their string keys, `namespace/name` or `name`, so duplicates collapse.

export interface Request {
  /** Absent for cluster-scoped objects. */
  namespace?: string;
  name: string;
}

export interface Result {
  /** Reconcile again, after the rate limiter's backoff. */
  requeue?: boolean;
  /** Reconcile again after this many milliseconds (wins over `requeue`); resets the backoff. */
  requeueAfter?: number;
}

/** The queue key of a request: `namespace/name`, or `name` when cluster-scoped. */
export function requestKey(request: Request): string {
  return request.namespace ? `${request.namespace}/${request.name}` : request.name;
}

/** The request a queue key stands for. */
export function requestFromKey(key: string): Request {
  const slash = key.indexOf('/');
  return slash < 0 ? { name: key } : { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}
