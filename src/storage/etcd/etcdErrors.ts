// Classifies what the etcd client throws: the storage outcomes the contract names (compacted,
// future revision, too large) and the transient failures that all mean "etcd is unavailable".
import { etcd3 } from './etcd3Module.js';

export type EtcdFailure =
  | { kind: 'compacted' }
  | { kind: 'futureRevision' }
  | { kind: 'tooLarge' }
  | { kind: 'unavailable'; message: string }
  | { kind: 'other'; error: Error };

// etcd's own error texts (etcdserver/api/v3rpc/rpctypes); the client keeps them in the message.
const compactedText = 'required revision has been compacted';
const futureText = 'required revision is a future revision';
const tooLargeText = 'request is too large';
const transientTexts = [
  'etcdserver: request timed out',
  'etcdserver: no leader',
  'etcdserver: leader changed',
  'etcdserver: too many requests',
  'etcdserver: server stopped',
  'etcdserver: not capable',
  'etcdserver: request cancelled',
  'etcdserver: timed out',
];

export function classifyEtcdError(error: unknown): EtcdFailure {
  const err = error instanceof Error ? error : new Error(String(error));
  const message = err.message;
  if (message.includes(compactedText)) return { kind: 'compacted' };
  if (message.includes(futureText)) return { kind: 'futureRevision' };
  if (message.includes(tooLargeText)) return { kind: 'tooLarge' };
  const { ClientClosedError, GRPCCancelledError, GRPCDeadlineExceededError, GRPCResourceExhastedError, GRPCUnavailableError, isRecoverableError } =
    etcd3();
  if (
    err instanceof GRPCUnavailableError ||
    err instanceof GRPCDeadlineExceededError ||
    err instanceof GRPCCancelledError ||
    err instanceof GRPCResourceExhastedError ||
    err instanceof ClientClosedError ||
    isRecoverableError(err) ||
    transientTexts.some((text) => message.includes(text))
  ) {
    return { kind: 'unavailable', message: `etcd unavailable: ${message}` };
  }
  return { kind: 'other', error: err };
}
