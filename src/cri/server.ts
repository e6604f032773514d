// CriServer: serves CRI handlers (the simulated runtime, or anything implementing the two
// services) over gRPC on a unix socket, as a runtime does for a kubelet. A handler's CriError
// goes out with its code and message; any other error as UNKNOWN.
import { rm } from 'node:fs/promises';
import * as grpc from '@grpc/grpc-js';
import { criMethods, decode, encode, type CriMethod } from './codec.js';
import { CriError, grpcStatus } from './criError.js';
import type { ImageCalls, RuntimeCalls, ServiceHandlers } from './services.js';
import { grpcTarget } from './client.js';

export type CriHandlers = ServiceHandlers<RuntimeCalls> & ServiceHandlers<ImageCalls>;

function serviceDefinition(methods: CriMethod[]): grpc.ServiceDefinition {
  return Object.fromEntries(methods.map((method) => [method.name, {
    path: method.path,
    requestStream: false,
    responseStream: false,
    requestSerialize: (value: unknown) => encode(method.request, value),
    requestDeserialize: (bytes: Buffer) => decode(method.request, bytes),
    responseSerialize: (value: unknown) => encode(method.response, value),
    responseDeserialize: (bytes: Buffer) => decode(method.response, bytes),
  }]));
}

function implementation(methods: CriMethod[], handlers: CriHandlers): grpc.UntypedServiceImplementation {
  const table = handlers as unknown as Record<string, (request: unknown) => Promise<unknown>>;
  return Object.fromEntries(methods.map((method) => [method.name,
    (call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) => {
      table[method.name].call(handlers, call.request).then(
        (response) => callback(null, response),
        (error: unknown) => callback(error instanceof CriError
          ? { code: error.code, details: error.details }
          : { code: grpcStatus.UNKNOWN, details: error instanceof Error ? error.message : String(error) }),
      );
    }]));
}

export class CriServer {
  private constructor(private readonly server: grpc.Server, readonly socketPath: string) {}

  /** Serves the handlers on the unix socket at `socketPath` (a stale socket file is replaced). */
  static async listen(handlers: CriHandlers, socketPath: string): Promise<CriServer> {
    const server = new grpc.Server();
    server.addService(serviceDefinition(criMethods.RuntimeService), implementation(criMethods.RuntimeService, handlers));
    server.addService(serviceDefinition(criMethods.ImageService), implementation(criMethods.ImageService, handlers));
    await rm(socketPath, { force: true });
    await new Promise<void>((resolve, reject) => server.bindAsync(grpcTarget(socketPath), grpc.ServerCredentials.createInsecure(),
      (error) => (error ? reject(error) : resolve())));
    return new CriServer(server, socketPath);
  }

  /** Stops at once: calls in flight fail with UNAVAILABLE, as when a runtime dies. */
  close(): void {
    this.server.forceShutdown();
  }
}
