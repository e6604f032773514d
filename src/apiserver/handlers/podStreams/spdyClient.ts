// A SPDY/3.1 client session on a connection a kubelet has upgraded (spdy-transport): it opens
// the streams the Kubernetes stream protocols name by their `streamType` header.
import transport, { type SpdyConnection, type SpdyStream } from 'spdy-transport';
import type { Duplex } from 'node:stream';

export class SpdyClient {
  private readonly connection: SpdyConnection;

  constructor(socket: Duplex) {
    this.connection = transport.connection.create(socket, { protocol: 'spdy', isServer: false });
    this.connection.start(3.1);
    this.connection.on('error', () => socket.destroy());
  }

  open(headers: Record<string, string>): SpdyStream {
    const stream = this.connection.request({ method: 'POST', path: '/', headers });
    stream.on('error', () => undefined);
    return stream;
  }

  /** Calls back when the server says it is done (GOAWAY), after the frames before it. */
  onGoaway(callback: () => void): void {
    this.connection._spdyState.parser.on('data', (frame) => {
      if (frame.type === 'GOAWAY') setImmediate(callback);
    });
  }

  close(): void {
    this.connection.end();
  }
}
