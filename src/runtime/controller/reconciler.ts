// The user contract: reconcile(request, context) → result. A reconciler makes the world match
// the object the request names and is called again on any change, so it must be idempotent.
// A thrown error is retried with backoff, unless it is a TerminalError.
import type { Logger } from '../../log/index.js';
import type { Request, Result } from './request.js';

export interface ReconcileContext {
  /** Aborts when the controller stops without waiting any longer for this reconcile. */
  signal: AbortSignal;
  /** Structured log with the controller, the request and a reconcile id attached. */
  log: Logger;
}

export type ReconcileFunc = (request: Request, context: ReconcileContext) => Promise<Result | void>;

export interface Reconciler {
  reconcile(request: Request, context: ReconcileContext): Promise<Result | void>;
}

/** Either form a controller accepts. */
export type ReconcilerLike = Reconciler | ReconcileFunc;

export function toReconcileFunc(reconciler: ReconcilerLike): ReconcileFunc {
  return typeof reconciler === 'function' ? reconciler : (request, context) => reconciler.reconcile(request, context);
}

/** An error retrying cannot fix: it is logged and counted, and the request is not requeued. */
export class TerminalError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TerminalError';
  }
}

export function isTerminalError(error: unknown): error is TerminalError {
  return error instanceof TerminalError;
}
