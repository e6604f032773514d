// The simulated runtimes' stream server: one HTTP server on loopback for every simulated node
// of the process. Exec, Attach and PortForward register a request and get a single-use URL
// (`http://127.0.0.1:PORT/exec/TOKEN`, valid one minute, as containerd's are). Over SPDY/3.1
// (what a kubelet's API server sends, and kubectl 1.27 through the kubelet) it answers exec and
// attach (`v4.channel.k8s.io`: stdin, stdout, stderr, tty, the exit status) and port-forward
// (`portforward.k8s.io`), see spdySessions.ts. Exec over WebSocket (`v5.channel.k8s.io`,
// `v4.channel.k8s.io`, `channel.k8s.io`) is answered too, without stdin: the output on
// channels 1 and 2 as it comes, then (v4 and later) the exit status on channel 3 and the close.
// Any unknown or used token gets 404.
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { exitStatus, serveProcess, servePortForward } from './spdySessions.js';
import type { StreamRequest } from './streamRequest.js';

export type { ProcessStreams, StreamRequest } from './streamRequest.js';

const tokenLifetimeMs = 60_000;
const websocketGuid = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const channelProtocols = ['v5.channel.k8s.io', 'v4.channel.k8s.io', 'channel.k8s.io'];
const spdyProtocols: Record<StreamRequest['kind'], string> = { exec: 'v4.channel.k8s.io', attach: 'v4.channel.k8s.io', portforward: 'portforward.k8s.io' };

function frame(opcode: number, payload: Buffer): Buffer {
  const length = payload.length;
  const header = length < 126 ? Buffer.from([0x80 | opcode, length])
    : length < 65536 ? Buffer.from([0x80 | opcode, 126, length >> 8, length & 255])
      : Buffer.concat([Buffer.from([0x80 | opcode, 127]), (() => { const b = Buffer.alloc(8); b.writeBigUInt64BE(BigInt(length)); return b; })()]);
  return Buffer.concat([header, payload]);
}

const offered = (header: string | string[] | undefined) => String(header ?? '').split(',').map((p) => p.trim());

export class StreamServer {
  private readonly pending = new Map<string, { stream: StreamRequest; expires: number }>();

  private constructor(private readonly server: Server, readonly port: number) {
    server.on('request', (_request, response) => {
      response.writeHead(400, { 'content-type': 'text/plain' }).end('expected a WebSocket upgrade\n');
    });
    server.on('upgrade', (request, socket: Socket) => this.upgrade(request.url ?? '', request.headers, socket));
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

  private upgrade(url: string, headers: Record<string, string | string[] | undefined>, socket: Socket): void {
    const token = url.split('?')[0].split('/')[2] ?? '';
    const entry = this.pending.get(token);
    this.pending.delete(token);
    if (!entry || entry.expires < Date.now()) return void socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
    const { stream } = entry;
    if (String(headers.upgrade ?? '').toLowerCase() === 'spdy/3.1') {
      if (!offered(headers['x-stream-protocol-version']).includes(spdyProtocols[stream.kind])) return void socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return stream.kind === 'portforward' ? servePortForward(socket, stream) : serveProcess(socket, stream);
    }
    const protocol = channelProtocols.find((p) => offered(headers['sec-websocket-protocol']).includes(p));
    if (stream.kind !== 'exec' || !protocol) return void socket.end('HTTP/1.1 400 Bad Request\r\n\r\n');
    void this.websocketExec(stream, protocol, String(headers['sec-websocket-key'] ?? ''), socket);
  }

  private async websocketExec(stream: StreamRequest, protocol: string, key: string, socket: Socket): Promise<void> {
    const accept = createHash('sha1').update(`${key}${websocketGuid}`).digest('base64');
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\nSec-WebSocket-Protocol: ${protocol}\r\n\r\n`);
    socket.on('error', () => undefined);
    socket.on('data', () => undefined);
    const abort = new AbortController();
    socket.once('close', () => abort.abort());
    const channel = (n: number) => (text: string) => void socket.write(frame(0x2, Buffer.concat([Buffer.from([n]), Buffer.from(text)])));
    const cmd = (stream.request as { cmd?: string[] }).cmd ?? [];
    const exitCode = await stream.exec!(cmd, { stdout: channel(1), stderr: channel(2), tty: false }, abort.signal);
    if (protocol !== 'channel.k8s.io') channel(3)(JSON.stringify(exitStatus(exitCode)));
    socket.end(frame(0x8, Buffer.from([0x03, 0xe8])));
  }
}
