// An in-process Cri over CRI handlers: no socket and no encoding, yet requests and responses
// take the shape a trip over gRPC gives them (defaults filled, enums as names), so a node agent
// cannot tell it from a CriClient. This is how many simulated nodes share one process cheaply.
import { criMethods, normalize, type CriMethod } from './codec.js';
import { CriError, grpcStatus } from './criError.js';
import type { CriHandlers } from './server.js';
import type { Cri, ImageService, RuntimeService } from './services.js';

function bind(methods: CriMethod[], handlers: CriHandlers): Record<string, (request: unknown) => Promise<unknown>> {
  const table = handlers as unknown as Record<string, (request: unknown) => Promise<unknown>>;
  return Object.fromEntries(methods.map((method) => [method.name, async (request: unknown) => {
    try {
      return normalize(method.response, await table[method.name].call(handlers, normalize(method.request, request)));
    } catch (error) {
      if (error instanceof CriError) throw new CriError(error.code, error.details, method.path);
      throw new CriError(grpcStatus.UNKNOWN, error instanceof Error ? error.message : String(error), method.path);
    }
  }]));
}

export function inProcessCri(handlers: CriHandlers): Cri {
  return {
    runtime: bind(criMethods.RuntimeService, handlers) as RuntimeService,
    image: bind(criMethods.ImageService, handlers) as ImageService,
    close: () => undefined,
  };
}
