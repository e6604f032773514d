// Connections from the API server to a kubelet: HTTPS with the API server's kubelet client
// certificate, the kubelet's serving certificate checked only when a CA for it is given (as
// upstream without --kubelet-certificate-authority). A plain GET for logs, or an upgrade request
// whose answer head is read here and the connection handed back.
import { request as httpsRequest } from 'node:https';
import type { IncomingMessage } from 'node:http';
import { connect, type TLSSocket } from 'node:tls';
import { StatusError } from '../../../registry/statusError.js';
import type { KubeletEndpoint } from './kubeletLocation.js';

/** What the API server presents to kubelets, and what it trusts of them. */
export interface KubeletClientConfig {
  certificate: string;
  key: string;
  /** The CA of the kubelets' serving certificates; none: not checked. */
  ca?: string;
}

export interface KubeletUpgrade {
  socket: TLSSocket;
  status: number;
  /** The answer's head as sent, with its blank line. */
  head: Buffer;
  headers: Record<string, string>;
  /** Bytes that came after the head. */
  rest: Buffer;
}

const tlsOptions = (client: KubeletClientConfig) => ({
  cert: client.certificate, key: client.key,
  ...(client.ca ? { ca: client.ca } : { rejectUnauthorized: false }),
});

const unreachable = (endpoint: KubeletEndpoint, error: Error) =>
  StatusError.internal(`error dialing backend: dial tcp ${endpoint.host}:${endpoint.port}: ${error.message}`);

export function kubeletGet(endpoint: KubeletEndpoint, client: KubeletClientConfig, path: string, signal: AbortSignal): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const request = httpsRequest({ host: endpoint.host, port: endpoint.port, path, method: 'GET', agent: false, signal, ...tlsOptions(client) }, resolve);
    request.once('error', (error) => reject(unreachable(endpoint, error)));
    request.end();
  });
}

export function kubeletUpgrade(endpoint: KubeletEndpoint, client: KubeletClientConfig, method: string, path: string, headers: [string, string][]): Promise<KubeletUpgrade> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: endpoint.host, port: endpoint.port, ...tlsOptions(client) });
    let received = Buffer.alloc(0);
    const fail = (error: Error) => {
      socket.destroy();
      reject(unreachable(endpoint, error));
    };
    socket.once('error', fail);
    socket.once('secureConnect', () => {
      const lines = [`${method} ${path} HTTP/1.1`, `Host: ${endpoint.host}:${endpoint.port}`, 'Content-Length: 0', ...headers.map(([name, value]) => `${name}: ${value}`)];
      socket.write(`${lines.join('\r\n')}\r\n\r\n`);
    });
    const onData = (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const end = received.indexOf('\r\n\r\n');
      if (end < 0) return;
      socket.off('data', onData);
      socket.off('error', fail);
      socket.off('end', onEnd);
      socket.on('error', () => socket.destroy());
      socket.pause();
      const head = received.subarray(0, end + 4);
      const [statusLine, ...headerLines] = head.toString('latin1').split('\r\n').filter(Boolean);
      const parsed: Record<string, string> = {};
      for (const line of headerLines) {
        const colon = line.indexOf(':');
        if (colon > 0) parsed[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      resolve({ socket, status: Number(statusLine.split(' ')[1]), head, headers: parsed, rest: received.subarray(end + 4) });
    };
    const onEnd = () => fail(new Error('connection closed before an answer'));
    socket.on('data', onData);
    socket.once('end', onEnd);
  });
}

/** A kubelet's refusal as the API server reports it (upstream's generic response checker). */
export function kubeletRefusal(code: number, body: string, kind: string, name: string): StatusError {
  if (code === 400) return StatusError.badRequest(body);
  if (code === 500) return StatusError.internal(body);
  if (code === 404) {
    return StatusError.of(404, 'NotFound', 'the server could not find the requested resource',
      { name, kind, causes: [{ reason: 'UnexpectedServerResponse', message: body }] });
  }
  return StatusError.of(code, 'Unknown', `the server responded with the status code ${code} but did not return more information`,
    { name, kind, causes: [{ reason: 'UnexpectedServerResponse', message: body }] });
}

/** The body of a refused upgrade, read to its end (or its Content-Length). */
export function refusalBody(upgrade: KubeletUpgrade): Promise<string> {
  return new Promise((resolve) => {
    const length = Number(upgrade.headers['content-length'] ?? Infinity);
    let body = upgrade.rest;
    const done = () => {
      upgrade.socket.destroy();
      resolve(body.subarray(0, Number.isFinite(length) ? length : undefined).toString());
    };
    if (body.length >= length) return done();
    upgrade.socket.on('data', (chunk: Buffer) => {
      body = Buffer.concat([body, chunk]);
      if (body.length >= length) done();
    });
    upgrade.socket.once('end', done);
    upgrade.socket.once('error', done);
    upgrade.socket.resume();
  });
}
