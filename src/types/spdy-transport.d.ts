// The part of spdy-transport (a CommonJS library without types) kubets uses for the exec and
// port-forward streams: a SPDY/3.1 connection over a byte stream, and the streams opened on it.
declare module 'spdy-transport' {
  import type { EventEmitter } from 'node:events';
  import type { Duplex } from 'node:stream';

  export interface SpdyStream extends Duplex {
    id: number;
    headers: Record<string, string>;
    respond(status: number, headers: Record<string, string>, callback?: (error?: Error) => void): void;
  }

  export interface WindowSide {
    current: number;
    max: number;
    limit: number;
  }

  export interface SpdyConnection extends EventEmitter {
    start(version: number): void;
    request(options: { method: string; path: string; host?: string; headers: Record<string, string> },
      callback?: (error: Error | null, stream: SpdyStream) => void): SpdyStream;
    end(callback?: () => void): void;
    on(event: 'stream', listener: (stream: SpdyStream) => void): this;
    /** Internal state: its parser's frames (a GOAWAY has no event of its own), its header
     * parsing, which a lenient peer adjusts, what it has yet to decode, and its flow control. */
    _spdyState: {
      /** Flow control: the session's window, and the one each new stream's starts from. */
      window: { send: WindowSide; recv: WindowSide };
      streamWindow: { send: WindowSide; recv: WindowSide };
      parser: {
        parseKVs(body: unknown, callback: (error: Error | null, headers?: Record<string, string>) => void): void;
        on(event: 'data', listener: (frame: { type: string }) => void): void;
        /** Bytes received and not yet decoded into frames (a partial frame's bytes excluded). */
        readonly writableLength: number;
      };
    };
    on(event: 'error' | 'close', listener: (error?: Error) => void): this;
  }

  const transport: {
    connection: { create(socket: Duplex, options: { protocol: 'spdy' | 'http2'; isServer: boolean; windowSize?: number }): SpdyConnection };
  };
  export default transport;
}
