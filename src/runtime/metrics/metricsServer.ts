// serveMetrics: plain HTTP on a bind address (`host:port`, `:port` for every interface, `0`
// for none) answering GET /metrics with the registry in the Prometheus text format, and
// /healthz, /livez and /readyz with `ok`. Each component has its own registry and server, so
// components sharing a process (`kubets up`) keep their metrics apart, on their own ports. An
// address already taken (another cluster on the machine) is logged, and the component runs on
// without its endpoint: metrics never take the control plane down.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { logger } from '../../log/index.js';

const log = logger('metrics');

export interface MetricsServerOptions {
  bindAddress: string;
  registry: Registry;
}

export interface MetricsServer {
  /** The address it listens on, e.g. http://127.0.0.1:10259. */
  readonly url: string;
  close(): Promise<void>;
}

const HEALTH_PATHS = new Set(['/healthz', '/livez', '/readyz']);

/** The host and port of a bind address, or undefined for `0` (serving off). */
export function parseBindAddress(bindAddress: string): { host: string; port: number } | undefined {
  if (bindAddress === '0') return undefined;
  const colon = bindAddress.lastIndexOf(':');
  const port = Number(bindAddress.slice(colon + 1));
  if (colon < 0 || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`invalid bind address ${JSON.stringify(bindAddress)}: want host:port, :port or 0`);
  }
  const host = bindAddress.slice(0, colon).replace(/^\[(.*)\]$/, '$1');
  return { host: host || '0.0.0.0', port };
}

/** Starts serving; resolves to undefined when the bind address is `0` or already in use. */
export async function serveMetrics({ bindAddress, registry }: MetricsServerOptions): Promise<MetricsServer | undefined> {
  const address = parseBindAddress(bindAddress);
  if (!address) return undefined;
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://metrics').pathname;
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { 'content-type': 'text/plain' }).end('method not allowed\n');
    } else if (path === '/metrics') {
      registry.metrics().then(
        (text) => response.writeHead(200, { 'content-type': registry.contentType }).end(text),
        (error: Error) => response.writeHead(500, { 'content-type': 'text/plain' }).end(`${error.message}\n`),
      );
    } else if (HEALTH_PATHS.has(path)) {
      response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end('ok');
    } else {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('404 page not found\n');
    }
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(address.port, address.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    log.error('metrics not served: the address is in use', { address: bindAddress });
    return undefined;
  }
  const { port } = server.address() as AddressInfo;
  const host = address.host.includes(':') ? `[${address.host}]` : address.host;
  return {
    url: `http://${host}:${port}`,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
