// The error every CRI call fails with, over gRPC or in-process alike: the gRPC status code
// (grpc-js `status` numbers: 2 UNKNOWN, 4 DEADLINE_EXCEEDED, 5 NOT_FOUND, 14 UNAVAILABLE, ...)
// and the runtime's message. Runtimes mostly answer UNKNOWN with a descriptive message, as
// containerd does; NOT_FOUND marks a missing sandbox, container or image.
import { status } from '@grpc/grpc-js';

export { status as grpcStatus };

export class CriError extends Error {
  constructor(
    readonly code: status,
    readonly details: string,
    readonly method = '',
  ) {
    super(method ? `${method}: ${status[code] ?? code}: ${details}` : details);
    this.name = 'CriError';
  }

  /** True for NOT_FOUND, and for the "not found" messages runtimes send with UNKNOWN. */
  get notFound(): boolean {
    return this.code === status.NOT_FOUND || /not found/i.test(this.details);
  }
}
