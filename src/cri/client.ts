// CriClient: the CRI services over gRPC on a unix socket (`unix:///run/x.sock` or a bare
// path), as the kubelet talks to containerd. Every call has a deadline (2 minutes unless the
// caller says otherwise, as the kubelet's runtime request timeout) and waits for the
// connection to be ready within it, so a runtime that restarts is reached again when it is
// back: the channel reconnects by itself, with back-off capped at one second.
import * as grpc from '@grpc/grpc-js';
import { criMethods, decode, encode, type CriMethod } from './codec.js';
import { CriError } from './criError.js';
import type { CallOptions, Cri, ImageService, RuntimeService } from './services.js';

export interface CriClientOptions {
  /** The default deadline of a call, ms (default 120000). */
  timeoutMs?: number;
  /** The default deadline of PullImage, ms (default 600000: big images take long). */
  pullTimeoutMs?: number;
}

const maxMessageBytes = 16 * 1024 * 1024;

/** `unix:///a/b.sock`, `unix:/a/b.sock` and `/a/b.sock` all name the socket /a/b.sock. */
export function grpcTarget(endpoint: string): string {
  const path = endpoint.replace(/^unix:(\/\/)?/, '');
  return `unix://${path}`;
}

export class CriClient implements Cri {
  readonly runtime: RuntimeService;
  readonly image: ImageService;
  private readonly channel: grpc.Client;
  private readonly timeoutMs: number;
  private readonly pullTimeoutMs: number;

  constructor(readonly endpoint: string, options: CriClientOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 120_000;
    this.pullTimeoutMs = options.pullTimeoutMs ?? 600_000;
    this.channel = new grpc.Client(grpcTarget(endpoint), grpc.credentials.createInsecure(), {
      'grpc.max_receive_message_length': maxMessageBytes,
      'grpc.max_send_message_length': maxMessageBytes,
      'grpc.initial_reconnect_backoff_ms': 100,
      'grpc.min_reconnect_backoff_ms': 100,
      'grpc.max_reconnect_backoff_ms': 1000,
    });
    this.runtime = this.bind(criMethods.RuntimeService) as RuntimeService;
    this.image = this.bind(criMethods.ImageService) as ImageService;
  }

  close(): void {
    this.channel.close();
  }

  private bind(methods: CriMethod[]): Record<string, (request: unknown, options?: CallOptions) => Promise<unknown>> {
    return Object.fromEntries(methods.map((method) => [
      method.name, (request: unknown, options?: CallOptions) => this.call(method, request, options),
    ]));
  }

  private defaultTimeout(method: CriMethod, request: unknown): number {
    if (method.name === 'pullImage') return this.pullTimeoutMs;
    // ExecSync carries its own timeout in seconds; the call may last that long and a bit.
    const execTimeout = method.name === 'execSync' ? Number((request as { timeout?: number }).timeout ?? 0) : 0;
    return execTimeout > 0 ? execTimeout * 1000 + this.timeoutMs : this.timeoutMs;
  }

  private call(method: CriMethod, request: unknown, options?: CallOptions): Promise<unknown> {
    const deadline = Date.now() + (options?.timeoutMs ?? this.defaultTimeout(method, request));
    return new Promise((resolve, reject) => {
      this.channel.makeUnaryRequest(
        method.path,
        (value: unknown) => encode(method.request, value),
        (bytes: Buffer) => decode(method.response, bytes),
        request,
        new grpc.Metadata({ waitForReady: true }),
        { deadline },
        (error, response) => {
          if (error) reject(new CriError(error.code, error.details, method.path));
          else resolve(response);
        },
      );
    });
  }
}
