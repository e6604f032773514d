// The kubelet's HTTPS server, as the API server reaches it on the Node's
// status.daemonEndpoints.kubeletEndpoint.Port: `/healthz`, `GET /containerLogs/{ns}/{pod}/
// {container}` from the CRI log files, and the upgrades `/exec/{ns}/{pod}/{container}`,
// `/attach/...` and `/portForward/{ns}/{pod}` handed on to the stream URL the runtime gives
// (upstream's `/{verb}/{ns}/{pod}/{uid}/{container}` form is understood too); and the node-wide
// `/stats/summary`, `/metrics/resource` and `/metrics` of src/kubelet/stats.
//
// One server may serve many nodes of one process (500 simulated nodes need not mean 500
// listeners): nodes are added to it, and a request goes to the node the addressed pod is bound
// to, found by the pod's namespace and name. Separate listeners (one per real node, on its own
// address or port) are separate servers. A node-wide request goes to the only node served, or
// to the node its Host header names (as the API server sends it), as a virtual host. With a
// client CA, only callers presenting a certificate it signed are served (the API server's
// kubelet client certificate), as upstream's x509 authentication on the kubelet port.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import { logger } from '../../log/index.js';
import { isStatsPath, statsAnswer } from '../stats/index.js';
import { logOptions, streamContainerLog } from './containerLogs.js';
import { KubeletError, logTarget, podOn, podSandboxId, runningContainer, type ServedNode } from './podTargets.js';
import { selfSignedCertificate } from './servingCertificate.js';
import { proxyUpgrade } from './upgradeProxy.js';

const log = logger('kubelet-server');

export interface KubeletServerOptions {
  /** The address to listen on (the nodes' InternalIP); 127.0.0.1 by default. */
  host?: string;
  /** The port; 0 (the default) takes a free one. Upstream's is 10250. */
  port?: number;
  /** Serving certificate and key (PEM); a self-signed one is made for `host` when absent. */
  tls?: { certificate: string; key: string };
  /** The CA (PEM) whose client certificates may call; without one every caller is served. */
  clientCa?: string;
}

interface Route {
  verb: string;
  namespace: string;
  pod: string;
  container: string;
}

function routeOf(path: string): Route | undefined {
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const [verb, namespace, pod, ...rest] = parts;
  if (!verb || !namespace || !pod) return undefined;
  if (verb === 'portForward' && rest.length <= 1) return { verb, namespace, pod, container: '' };
  if (['containerLogs', 'exec', 'attach'].includes(verb) && (rest.length === 1 || rest.length === 2)) return { verb, namespace, pod, container: rest[rest.length - 1] };
  return undefined;
}

const flag = (query: URLSearchParams, ...names: string[]) => names.some((n) => ['1', 'true'].includes(query.get(n) ?? ''));

function reject(socket: Duplex, code: number, message: string): void {
  const reason = code === 401 ? 'Unauthorized' : code === 404 ? 'Not Found' : code === 400 ? 'Bad Request' : 'Internal Server Error';
  const body = Buffer.from(message);
  socket.end(`HTTP/1.1 ${code} ${reason}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${message}`);
}

export class KubeletServer {
  private readonly nodes = new Map<string, ServedNode>();
  /** Open connections, upgraded ones included, which close() ends. */
  private readonly connections = new Set<Duplex>();

  private constructor(private readonly server: Server, readonly host: string, readonly port: number, private readonly clientCa: boolean) {
    server.on('secureConnection', (socket: Duplex) => {
      this.connections.add(socket);
      socket.once('close', () => this.connections.delete(socket));
    });
    server.on('request', (request, response) => void this.serve(request, response));
    server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => void this.upgrade(request, socket, head));
  }

  static async start(options: KubeletServerOptions = {}): Promise<KubeletServer> {
    const host = options.host ?? '127.0.0.1';
    const tls = options.tls ?? await selfSignedCertificate([host, 'localhost']);
    const server = createServer({
      cert: tls.certificate, key: tls.key,
      ...(options.clientCa ? { ca: options.clientCa, requestCert: true, rejectUnauthorized: false } : {}),
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, () => resolve());
    });
    return new KubeletServer(server, host, (server.address() as AddressInfo).port, options.clientCa !== undefined);
  }

  /** Serves this node's pods from now on. */
  add(node: ServedNode): void {
    this.nodes.set(node.name, node);
  }

  remove(nodeName: string): void {
    this.nodes.delete(nodeName);
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      for (const socket of this.connections) socket.destroy();
    });
  }

  private authenticated(request: IncomingMessage): boolean {
    return !this.clientCa || (request.socket as TLSSocket).authorized === true;
  }

  /** The node the pod is bound to, among those served here. */
  private nodeOf(route: Route): ServedNode {
    for (const node of this.nodes.values()) if (node.pod(route.namespace, route.pod)) return node;
    throw new KubeletError(404, `pod "${route.pod}" does not exist`);
  }

  private async serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'https://kubelet');
    const fail = (code: number, message: string) => {
      if (response.headersSent) return void response.destroy();
      response.writeHead(code, { 'Content-Type': 'text/plain; charset=utf-8' }).end(message);
    };
    if (!this.authenticated(request)) return fail(401, 'Unauthorized');
    if (url.pathname === '/healthz') return void response.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' }).end('ok');
    if (isStatsPath(url.pathname)) return this.serveStats(request, url, fail, response);
    const route = routeOf(url.pathname);
    if (!route) return fail(404, '404 page not found');
    if (route.verb !== 'containerLogs') return fail(400, 'Upgrade request required');
    if (request.method !== 'GET') return fail(405, 'Method Not Allowed');
    try {
      const node = this.nodeOf(route);
      const options = logOptions(url.searchParams);
      const target = await logTarget(node, podOn(node, route.namespace, route.pod), route.container, options.previous);
      response.writeHead(200, { 'Content-Type': 'text/plain' });
      response.flushHeaders();
      let closed = false;
      response.once('close', () => { closed = true; });
      await streamContainerLog(target.path, options, { write: (data) => response.write(data), get closed() { return closed; } }, target.running);
      response.end();
    } catch (error) {
      if (error instanceof KubeletError) return fail(error.code, error.message);
      log.warn('container log failed', { path: url.pathname, error: (error as Error).message });
      fail(500, (error as Error).message);
    }
  }

  /** The node a node-wide request is for: the only one, or the one its Host header names. */
  private hostNode(request: IncomingMessage): ServedNode | undefined {
    if (this.nodes.size === 1) return this.nodes.values().next().value;
    const host = (request.headers.host ?? '').replace(/:\d+$/, '');
    return this.nodes.get(host);
  }

  private async serveStats(request: IncomingMessage, url: URL, fail: (code: number, message: string) => void, response: ServerResponse): Promise<void> {
    if (request.method !== 'GET') return fail(405, 'Method Not Allowed');
    const stats = this.hostNode(request)?.stats;
    if (!stats) return fail(404, `node "${request.headers.host ?? ''}" is not served here`);
    try {
      const answer = await statsAnswer(stats, url);
      response.writeHead(200, { 'Content-Type': answer.contentType }).end(answer.body);
    } catch (error) {
      log.warn('stats request failed', { path: url.pathname, error: (error as Error).message });
      fail(500, (error as Error).message);
    }
  }

  private async upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on('error', () => undefined);
    const url = new URL(request.url ?? '/', 'https://kubelet');
    if (!this.authenticated(request)) return reject(socket, 401, 'Unauthorized');
    const route = routeOf(url.pathname);
    if (!route || route.verb === 'containerLogs') return reject(socket, 404, '404 page not found');
    try {
      const node = this.nodeOf(route);
      const pod = podOn(node, route.namespace, route.pod);
      const query = url.searchParams;
      let target: string;
      if (route.verb === 'portForward') {
        target = (await node.cri.runtime.portForward({ podSandboxId: await podSandboxId(node, pod), port: [] })).url;
      } else {
        const { id } = await runningContainer(node, pod, route.container);
        const streams = {
          containerId: id,
          tty: flag(query, 'tty'),
          stdin: flag(query, 'input', 'stdin'),
          stdout: flag(query, 'output', 'stdout'),
          stderr: flag(query, 'error', 'stderr'),
        };
        target = route.verb === 'exec'
          ? (await node.cri.runtime.exec({ ...streams, cmd: query.getAll('command') })).url
          : (await node.cri.runtime.attach(streams)).url;
      }
      proxyUpgrade(request, socket, head, target);
    } catch (error) {
      if (error instanceof KubeletError) return reject(socket, error.code, error.message);
      log.warn('stream request failed', { path: url.pathname, error: (error as Error).message });
      reject(socket, 500, (error as Error).message);
    }
  }
}
