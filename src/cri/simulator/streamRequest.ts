// What the simulated runtime registers with the stream server for one Exec, Attach or
// PortForward call: the CRI request and how the container (or pod) answers the session.
import type { Duplex } from 'node:stream';
import type { InputPipe } from './inputPipe.js';

/** A simulated process's standard streams as a stream client sees them. */
export interface ProcessStreams {
  stdout(text: string): void;
  stderr(text: string): void;
  stdin?: InputPipe;
  tty: boolean;
}

export interface StreamRequest {
  kind: 'exec' | 'attach' | 'portforward';
  /** The CRI request. */
  request: object;
  /** Exec: runs the command with these streams to its exit code (the signal kills it). */
  exec?: (cmd: string[], streams: ProcessStreams, signal: AbortSignal) => Promise<number>;
  /** Attach: joins the container's process with these streams until it ends or the signal aborts. */
  attach?: (streams: ProcessStreams, signal: AbortSignal) => Promise<void>;
  /** Port-forward: how a connection to the port is answered, or why it is refused. */
  forward?: (port: number) => ((connection: Duplex) => void) | string;
}
