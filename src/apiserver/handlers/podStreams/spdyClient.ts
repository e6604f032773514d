// A SPDY/3.1 client session on a connection a kubelet has upgraded (spdy-transport): it opens
// the streams the Kubernetes stream protocols name by their `streamType` header.
import transport, { type SpdyConnection, type SpdyStream } from 'spdy-transport';
import type { Duplex } from 'node:stream';

/** The receive window offered (SPDY's largest is 2^31 - 1). */
const receiveWindow = 2 ** 30;
/** How often decoded() looks whether the frames received so far are all handled. */
const decodePollMs = 5;

export class SpdyClient {
  private readonly connection: SpdyConnection;

  constructor(private readonly socket: Duplex) {
    // A receive window far larger than any output, so no WINDOW_UPDATE is sent after the
    // start: a frame of ours reaching containerd as it closes makes it reset the connection,
    // and the kubelet's proxy could then lose the last frames (the status).
    this.connection = transport.connection.create(socket, { protocol: 'spdy', isServer: false, windowSize: receiveWindow });
    // Go's SPDY servers (containerd's and the kubelet's stream servers) answer a stream with a
    // SYN_REPLY of no headers; spdy-transport would answer that with RST_STREAM PROTOCOL_ERROR,
    // making the server drop the stream (and, arriving as it closes, reset the connection
    // before its last frames are read). Replies without a `:status` count as 200 here.
    const { parser } = this.connection._spdyState;
    const parseKVs = parser.parseKVs.bind(parser);
    parser.parseKVs = (body, callback) => parseKVs(body, (error, kvs) => callback(error, kvs && { ':status': '200', ...kvs }));
    // Nor do they do flow control: no WINDOW_UPDATE ever comes, so sending (stdin) starts with
    // a window that never runs out (a 64 KiB one stalled after the first 64 KiB), with room
    // left for the updates a peer that does flow control sends (SETTINGS shrink it to theirs).
    const unlimited = { current: 2 ** 40, max: 2 ** 40, limit: Number.MAX_SAFE_INTEGER };
    Object.assign(this.connection._spdyState.window.send, unlimited);
    Object.assign(this.connection._spdyState.streamWindow.send, unlimited);
    this.connection.start(3.1);
    this.connection.on('error', () => socket.destroy());
  }

  open(headers: Record<string, string>): SpdyStream {
    const stream = this.connection.request({ method: 'POST', path: '/', headers });
    stream.on('error', () => undefined);
    return stream;
  }

  /** Calls back when the server says it is done (GOAWAY), once the frames before it are handled. */
  onGoaway(callback: () => void): void {
    this.connection._spdyState.parser.on('data', (frame) => {
      if (frame.type === 'GOAWAY') setImmediate(callback);
    });
  }

  /** Resolves once every byte the connection has delivered so far is decoded and handled
   * (header blocks are inflated asynchronously), so the streams have seen their frames. */
  decoded(): Promise<void> {
    const { parser } = this.connection._spdyState;
    return new Promise((resolve) => {
      const check = () => {
        if (this.socket.readableLength === 0 && parser.writableLength === 0) setImmediate(resolve);
        else setTimeout(check, decodePollMs);
      };
      check();
    });
  }

  close(): void {
    this.connection.end();
  }
}
