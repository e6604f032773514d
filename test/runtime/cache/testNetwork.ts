// Network helpers for the cache tests: a TCP proxy whose connections can be cut (and new ones
// refused for a while), an HTTPS client that opens a fresh connection per request (so it leaves
// no idle socket behind), and counts of this process's file descriptors and sockets.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { request, type RequestOptions } from 'node:https';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { join } from 'node:path';

export class CuttableProxy {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private refuseUntil = 0;
  cuts = 0;
  port = 0;

  constructor(private readonly targetPort: number) {
    this.server = createServer((client) => {
      if (Date.now() < this.refuseUntil) {
        client.destroy();
        return;
      }
      const upstream = connect(this.targetPort, '127.0.0.1');
      for (const [a, b] of [[client, upstream], [upstream, client]] as const) {
        this.sockets.add(a);
        a.on('error', () => b.destroy());
        a.on('close', () => { this.sockets.delete(a); b.destroy(); });
        a.pipe(b);
      }
    });
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as { port: number }).port;
    return this.port;
  }

  /** Resets every open connection; new ones are refused for `refuseMs`. */
  cut(refuseMs = 0): void {
    this.cuts++;
    this.refuseUntil = Date.now() + refuseMs;
    for (const socket of this.sockets) socket.destroy();
  }

  get open(): number {
    return this.sockets.size;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

export class OneShotClient {
  private readonly tls: RequestOptions;

  constructor(private readonly url: string, dataDir: string) {
    const pki = join(dataDir, 'pki');
    this.tls = {
      cert: readFileSync(join(pki, 'admin.crt'), 'utf8'),
      key: readFileSync(join(pki, 'admin.key'), 'utf8'),
      ca: readFileSync(join(pki, 'ca.crt'), 'utf8'),
      agent: false,
    };
  }

  send(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<{ status: number; body: Record<string, unknown> }> {
    return new Promise((resolve, reject) => {
      const req = request(`${this.url}${path}`, { ...this.tls, method, headers: body === undefined ? {} : { 'Content-Type': contentType } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString() || '{}') }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body === undefined ? undefined : JSON.stringify(body));
    });
  }
}

export function openDescriptors(): { fds: number; sockets: number } {
  let fds = 0;
  let sockets = 0;
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      const target = readlinkSync(`/proc/self/fd/${fd}`);
      fds++;
      if (target.startsWith('socket:')) sockets++;
    } catch {
      // The descriptor readdir itself used, already closed.
    }
  }
  return { fds, sockets };
}
