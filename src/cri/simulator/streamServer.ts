// The simulated runtimes' stream server: one HTTP server on loopback for every simulated node
// of the process. Exec, Attach and PortForward register a request and get a single-use URL
// (`http://127.0.0.1:PORT/exec/TOKEN`, valid one minute, as containerd's are). What it answers:
// exec over WebSocket (`v5.channel.k8s.io`, `v4.channel.k8s.io`, `channel.k8s.io`): the
// command runs through the simulator's interpreter, stdout goes out on channel 1, stderr on 2,
// and (v4 and later) the exit status as a metav1.Status on channel 3, then the socket closes;
// exec over SPDY/3.1 (`v4.channel.k8s.io`, what a kubelet's API server sends): the same on the
// client's stdout, stderr and error streams. stdin and tty are not simulated. Attach and
// port-forward answer 501 Not Implemented; any unknown or used token 404.
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import transport, { type SpdyStream } from 'spdy-transport';

type ExecResult = { stdout: Buffer; stderr: Buffer; exitCode: number };

export interface StreamRequest {
  kind: 'exec' | 'attach' | 'portforward';
  request: object;
  /** For exec and attach: runs a command in the container. */
  exec?: (cmd: string[]) => Promise<ExecResult>;
}

const tokenLifetimeMs = 60_000;
const websocketGuid = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const channelProtocols = ['v5.channel.k8s.io', 'v4.channel.k8s.io', 'channel.k8s.io'];
const spdyProtocol = 'v4.channel.k8s.io';
/** How long a SPDY client has to open the streams it asked for. */
const streamCreationMs = 30_000;

function frame(opcode: number, payload: Buffer): Buffer {
  const length = payload.length;
  const header = length < 126 ? Buffer.from([0x80 | opcode, length])
    : length < 65536 ? Buffer.from([0x80 | opcode, 126, length >> 8, length & 255])
      : Buffer.concat([Buffer.from([0x80 | opcode, 127]), (() => { const b = Buffer.alloc(8); b.writeBigUInt64BE(BigInt(length)); return b; })()]);
  return Buffer.concat([header, payload]);
}

function exitStatus(exitCode: number): object {
  return exitCode === 0 ? { metadata: {}, status: 'Success' } : {
    metadata: {}, status: 'Failure', reason: 'NonZeroExitCode',
    message: `command terminated with non-zero exit code: exit status ${exitCode}`,
    details: { causes: [{ reason: 'ExitCode', message: String(exitCode) }] },
  };
}

function run(stream: StreamRequest): Promise<ExecResult> {
  const cmd = (stream.request as { cmd?: string[] }).cmd ?? [];
  return stream.exec!(cmd).catch((error: Error) => ({ stdout: Buffer.alloc(0), stderr: Buffer.from(`${error.message}\n`), exitCode: 126 }));
}

export class StreamServer {
  private readonly pending = new Map<string, { stream: StreamRequest; expires: number }>();

  private constructor(private readonly server: Server, readonly port: number) {
    server.on('request', (_request, response) => {
      response.writeHead(400, { 'content-type': 'text/plain' }).end('expected a WebSocket upgrade\n');
    });
    server.on('upgrade', (request, socket: Socket) => void this.upgrade(request.url ?? '', request.headers, socket));
  }

  static async start(): Promise<StreamServer> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    server.unref();
    return new StreamServer(server, (server.address() as AddressInfo).port);
  }

  register(stream: StreamRequest): string {
    const now = Date.now();
    for (const [token, entry] of this.pending) if (entry.expires < now) this.pending.delete(token);
    const token = randomBytes(12).toString('base64url');
    this.pending.set(token, { stream, expires: now + tokenLifetimeMs });
    return `http://127.0.0.1:${this.port}/${stream.kind}/${token}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async upgrade(url: string, headers: Record<string, string | string[] | undefined>, socket: Socket): Promise<void> {
    const token = url.split('?')[0].split('/')[2] ?? '';
    const entry = this.pending.get(token);
    this.pending.delete(token);
    if (!entry || entry.expires < Date.now()) return void socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
    if (entry.stream.kind !== 'exec' || !entry.stream.exec) return void socket.end('HTTP/1.1 501 Not Implemented\r\n\r\n');
    if (String(headers.upgrade ?? '').toLowerCase() === 'spdy/3.1') return this.spdyExec(entry.stream, headers, socket);
    const offered = String(headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
    const protocol = channelProtocols.find((p) => offered.includes(p));
    if (!protocol) return void socket.end('HTTP/1.1 400 Bad Request\r\n\r\n');
    const accept = createHash('sha1').update(`${String(headers['sec-websocket-key'] ?? '')}${websocketGuid}`).digest('base64');
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\nSec-WebSocket-Protocol: ${protocol}\r\n\r\n`);
    socket.on('error', () => undefined);
    socket.on('data', () => undefined);
    const result = await run(entry.stream);
    const channel = (n: number, data: Buffer) => frame(0x2, Buffer.concat([Buffer.from([n]), data]));
    if (result.stdout.length) socket.write(channel(1, result.stdout));
    if (result.stderr.length) socket.write(channel(2, result.stderr));
    if (protocol !== 'channel.k8s.io') socket.write(channel(3, Buffer.from(JSON.stringify(exitStatus(result.exitCode)))));
    socket.end(frame(0x8, Buffer.from([0x03, 0xe8])));
  }
  /** Exec for a SPDY client: once it has opened the streams it asked for, the command runs
   * and its output goes out on them, its exit status on the error stream. */
  private spdyExec(stream: StreamRequest, headers: Record<string, string | string[] | undefined>, socket: Socket): void {
    const offered = String(headers['x-stream-protocol-version'] ?? '').split(',').map((p) => p.trim());
    if (!offered.includes(spdyProtocol)) return void socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
    socket.on('error', () => undefined);
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\nX-Stream-Protocol-Version: ${spdyProtocol}\r\n\r\n`);
    const request = stream.request as { stdin?: boolean; stdout?: boolean; stderr?: boolean; tty?: boolean };
    const expected = ['error', ...request.stdin ? ['stdin'] : [], ...request.stdout ? ['stdout'] : [],
      ...request.stderr && !request.tty ? ['stderr'] : [], ...request.tty ? ['resize'] : []];
    const opened = new Map<string, SpdyStream>();
    const connection = transport.connection.create(socket, { protocol: 'spdy', isServer: true });
    // Go's SPDY clients (kubectl, the API server) open streams without the `:method`/`:path`
    // headers spdy-transport insists on: this connection's parser supplies them.
    const { parser } = connection._spdyState;
    const parseKVs = parser.parseKVs.bind(parser);
    parser.parseKVs = (body, callback) => parseKVs(body, (error, kvs) => callback(error, kvs && { ':method': 'POST', ':path': '/', ...kvs }));
    connection.start(3.1);
    connection.on('error', () => socket.destroy());
    const deadline = setTimeout(() => socket.destroy(), streamCreationMs);
    connection.on('stream', (opening) => {
      opening.on('error', () => undefined);
      opening.resume();
      // The command runs once every stream asked for is open and answered.
      opening.respond(200, {}, () => {
        opened.set(opening.headers.streamtype ?? '', opening);
        if (!expected.every((type) => opened.has(type))) return;
        clearTimeout(deadline);
        const end = (type: string, data: Buffer | string) => new Promise<void>((resolve) => {
          const out = opened.get(type);
          if (out) out.end(data, () => resolve());
          else resolve();
        });
        void run(stream).then(async (result) => {
          await Promise.all([end('stdout', result.stdout), end('stderr', result.stderr)]);
          await end('error', JSON.stringify(exitStatus(result.exitCode)));
          socket.end();
        });
      });
    });
  }
}
