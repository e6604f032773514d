// The simulator's stream sessions over SPDY/3.1, as a kubelet's API server (or kubectl 1.27
// through the kubelet) opens them on a stream URL. Exec and attach (`v4.channel.k8s.io`): once
// the client has opened the streams it asked for (error, and stdin, stdout, stderr, resize as
// asked), the process runs with its output sent as it comes, stdin read from the client (through
// a simulated terminal with tty), and at its end, as containerd's stream server does, the
// status (a metav1.Status with the exit code) on the error stream, then a GOAWAY and the close.
// Port-forward (`portforward.k8s.io`): each error+data stream pair (by requestID) is one
// connection to the pod's port, answered by the pod's simulated web server, or refused on the
// error stream with upstream's message form.
import type { Socket } from 'node:net';
import transport, { type SpdyConnection, type SpdyStream } from 'spdy-transport';
import { InputPipe } from './inputPipe.js';
import type { ProcessStreams, StreamRequest } from './streamRequest.js';
import { SimulatedTerminal, terminalOutput } from './terminal.js';

/** How long a SPDY client has to open the streams it asked for. */
const streamCreationMs = 30_000;
/** How long a terminal's process waits for the client's first terminal size. */
const firstResizeMs = 1000;

/** The exit status the error stream carries, as upstream's remotecommand servers write it. */
export function exitStatus(exitCode: number): object {
  return exitCode === 0 ? { metadata: {}, status: 'Success' } : {
    metadata: {}, status: 'Failure', reason: 'NonZeroExitCode',
    message: `command terminated with non-zero exit code: exit status ${exitCode}`,
    details: { causes: [{ reason: 'ExitCode', message: String(exitCode) }] },
  };
}

/** Answers the upgrade with `protocol` and starts a server session on the socket. */
export function acceptSpdy(socket: Socket, protocol: string): SpdyConnection {
  socket.on('error', () => undefined);
  socket.write(`HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\nX-Stream-Protocol-Version: ${protocol}\r\n\r\n`);
  const connection = transport.connection.create(socket, { protocol: 'spdy', isServer: true });
  // Go's SPDY clients (kubectl, the API server) open streams without the `:method`/`:path`
  // headers spdy-transport insists on: this connection's parser supplies them.
  const { parser } = connection._spdyState;
  const parseKVs = parser.parseKVs.bind(parser);
  parser.parseKVs = (body, callback) => parseKVs(body, (error, kvs) => callback(error, kvs && { ':method': 'POST', ':path': '/', ...kvs }));
  connection.start(3.1);
  connection.on('error', () => socket.destroy());
  return connection;
}

/** Each stream the client opens, answered, with its headers. */
function onStream(connection: SpdyConnection, callback: (stream: SpdyStream) => void): void {
  connection.on('stream', (stream) => {
    stream.on('error', () => undefined);
    stream.respond(200, {}, () => callback(stream));
  });
}

/** Ends a session as containerd's does: GOAWAY once what was written is out, then the close. */
function goAway(connection: SpdyConnection, socket: Socket): void {
  connection.end();
  setImmediate(() => socket.end());
}

/** Exec or attach over SPDY (`v4.channel.k8s.io`). */
export function serveProcess(socket: Socket, stream: StreamRequest): void {
  const connection = acceptSpdy(socket, 'v4.channel.k8s.io');
  const request = stream.request as { cmd?: string[]; stdin?: boolean; stdout?: boolean; stderr?: boolean; tty?: boolean };
  const tty = request.tty === true;
  const expected = ['error', ...request.stdin ? ['stdin'] : [], ...request.stdout ? ['stdout'] : [],
    ...request.stderr && !tty ? ['stderr'] : [], ...tty ? ['resize'] : []];
  const opened = new Map<string, SpdyStream>();
  const deadline = setTimeout(() => socket.destroy(), streamCreationMs).unref();
  const abort = new AbortController();
  socket.once('close', () => abort.abort());
  // A terminal's client sends its size first; a simulated process, done at once, would
  // otherwise end the session while that is on its way (kubectl 1.27 then reports an EOF).
  let sized: Promise<unknown> = Promise.resolve();
  onStream(connection, (opening) => {
    if (opening.headers.streamtype === 'resize') {
      sized = new Promise((resolve) => {
        opening.once('data', resolve);
        setTimeout(resolve, firstResizeMs).unref();
      });
    }
    // stdin stays paused until the process reads it; the others' data (resizes) is dropped.
    if (opening.headers.streamtype !== 'stdin') opening.resume();
    opened.set(opening.headers.streamtype ?? '', opening);
    if (!expected.every((type) => opened.has(type))) return;
    clearTimeout(deadline);
    void run().catch(() => socket.destroy());
  });

  async function run(): Promise<void> {
    await sized;
    const writer = (type: string) => {
      const out = opened.get(type);
      return (text: string) => void out?.write(tty ? terminalOutput(text) : text);
    };
    const streams: ProcessStreams = { stdout: writer('stdout'), stderr: writer(tty ? 'stdout' : 'stderr'), tty };
    const input = opened.get('stdin');
    if (input) {
      const pipe = new InputPipe();
      streams.stdin = pipe;
      const terminal = tty ? new SimulatedTerminal((text) => void opened.get('stdout')?.write(text), pipe, () => abort.abort()) : undefined;
      input.on('data', (data: Buffer) => (terminal ? terminal.type(data.toString()) : pipe.write(data.toString())));
      input.once('end', () => pipe.end());
      input.resume();
    }
    let status: object;
    if (stream.kind === 'exec') {
      status = exitStatus(await stream.exec!(request.cmd ?? [], streams, abort.signal));
    } else {
      await stream.attach!(streams, abort.signal);
      status = exitStatus(0);
    }
    if (abort.signal.aborted && socket.destroyed) return;
    // The output's last frames go out before the status, and all before the GOAWAY: Go's
    // clients drop every stream on receiving it.
    await Promise.all(['stdout', 'stderr'].map((type) => new Promise<void>((resolve) => {
      const output = opened.get(type);
      if (output) output.end(() => resolve());
      else resolve();
    })));
    opened.get('error')!.end(JSON.stringify(status), () => setImmediate(() => goAway(connection, socket)));
  }
}

/** Port-forward over SPDY (`portforward.k8s.io`): each error+data pair is one connection. */
export function servePortForward(socket: Socket, stream: StreamRequest): void {
  const sandboxId = (stream.request as { podSandboxId?: string }).podSandboxId ?? '';
  const connection = acceptSpdy(socket, 'portforward.k8s.io');
  const pairs = new Map<string, { error?: SpdyStream; data?: SpdyStream }>();
  onStream(connection, (opening) => {
    const { streamtype: type, port = '', requestid: id = port } = opening.headers;
    if (type !== 'error' && type !== 'data') return void opening.end();
    const pair = pairs.get(id) ?? {};
    pair[type] = opening;
    pairs.set(id, pair);
    if (!pair.error || !pair.data) return;
    pairs.delete(id);
    const { error, data } = pair;
    error.resume();
    const answer = /^\d+$/.test(port) ? stream.forward!(Number(port)) : `invalid port "${port}"`;
    if (typeof answer === 'string') {
      data.end();
      error.end(`error forwarding port ${port} to pod ${sandboxId}, uid : ${answer}`);
      return;
    }
    data.once('finish', () => error.end());
    answer(data);
  });
}
