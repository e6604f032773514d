// Exec and attach for WebSocket clients (kubectl 1.30+ speaks `v5.channel.k8s.io`): as upstream's
// StreamTranslator, the API server talks SPDY (`v4.channel.k8s.io`) to the kubelet and moves the
// data between the two. WebSocket messages carry a channel byte first: 0 stdin, 1 stdout,
// 2 stderr, 3 the status (a metav1.Status, exit codes included), 4 terminal resizes; in v5,
// channel 255 with a stream byte closes that stream (stdin reaching its end). The SPDY side
// opens one stream per channel, named by its streamType header.
import { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import type { KubeletUpgrade } from './kubeletConnection.js';
import { SpdyClient } from './spdyClient.js';

export interface ChannelStreams {
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
}

const STDIN = 0;
const STDOUT = 1;
const STDERR = 2;
const STATUS = 3;
const RESIZE = 4;
const CLOSE = 255;
/**
 * The kubelet connection as the SPDY session reads it: without its end. A kubelet closes right
 * after the last frames, and spdy-transport, still inflating the headers of frames before them,
 * would drop every stream on seeing the end (or the close); the streams' own ends finish
 * instead, or, after the close, the moment everything received is decoded.
 */
function withoutEnd(kubelet: KubeletUpgrade): Duplex {
  const { socket } = kubelet;
  const wire = new Duplex({
    read: () => socket.resume(),
    write: (chunk: Buffer, _encoding, callback) => {
      if (socket.destroyed || socket.writableEnded) return callback();
      socket.write(chunk, () => callback());
    },
    final: (callback) => {
      socket.end();
      callback();
    },
  });
  if (kubelet.rest.length) wire.push(kubelet.rest);
  socket.on('data', (chunk: Buffer) => {
    if (!wire.push(chunk)) socket.pause();
  });
  socket.resume();
  return wire;
}

/** Moves one exec or attach between a WebSocket client and a kubelet's SPDY connection. */
export function translateStreams(ws: WebSocket, kubelet: KubeletUpgrade, streams: ChannelStreams): void {
  const wire = withoutEnd(kubelet);
  const spdy = new SpdyClient(wire);
  const error = spdy.open({ streamtype: 'error' });
  const stdin = streams.stdin ? spdy.open({ streamtype: 'stdin' }) : undefined;
  const outputs: [number, ReturnType<SpdyClient['open']>][] = [];
  if (streams.stdout) outputs.push([STDOUT, spdy.open({ streamtype: 'stdout' })]);
  if (streams.stderr && !streams.tty) outputs.push([STDERR, spdy.open({ streamtype: 'stderr' })]);
  const resize = streams.tty ? spdy.open({ streamtype: 'resize' }) : undefined;

  const send = (channel: number, data: Buffer) => {
    if (ws.readyState === ws.OPEN) ws.send(Buffer.concat([Buffer.from([channel]), data]));
  };
  let status = Buffer.alloc(0);
  let finished = false;
  const finish = () => {
    if (finished) return;
    finished = true;
    if (status.length) send(STATUS, status);
    if (ws.readyState === ws.OPEN) ws.close(1000);
    spdy.close();
    wire.destroy();
    kubelet.socket.destroy();
  };
  const waiting = new Set<object>([error, ...outputs.map(([, stream]) => stream)]);
  const done = (stream: object) => {
    waiting.delete(stream);
    if (waiting.size === 0) finish();
  };
  let kubeletClosed = false;
  /** After a GOAWAY or the connection's close: once what came before is decoded, the status
   * (containerd sends it, then GOAWAY, without ending the streams) or the close ends it. */
  const settle = () => void spdy.decoded().then(() => {
    if (status.length || kubeletClosed) finish();
  });
  for (const [channel, stream] of outputs) {
    stream.on('data', (data: Buffer) => send(channel, data));
    stream.once('end', () => done(stream));
  }
  error.on('data', (data: Buffer) => { status = Buffer.concat([status, data]); });
  error.once('end', () => done(error));
  spdy.onGoaway(settle);
  kubelet.socket.once('close', () => {
    kubeletClosed = true;
    settle();
  });

  ws.on('message', (message: Buffer, binary: boolean) => {
    const data = binary ? message : Buffer.from(message.toString());
    if (data.length === 0) return;
    const body = data.subarray(1);
    if (data[0] === STDIN) stdin?.write(body);
    else if (data[0] === RESIZE) resize?.write(body);
    else if (data[0] === CLOSE && body[0] === STDIN) stdin?.end();
  });
  ws.once('close', () => {
    finished = true;
    spdy.close();
    wire.destroy();
    kubelet.socket.destroy();
  });
}
