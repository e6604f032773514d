// The actions probes and lifecycle hooks run, with upstream's success rules and failure texts:
// exec (in the container through CRI ExecSync; exit 0 passes, the output is the message),
// httpGet (a status from 200 to 399 passes), tcpSocket (a connection passes) and grpc (the
// standard health service answering SERVING passes). Each answers undefined on success, or
// the failure message.
import type { V1Container, V1ExecAction, V1GRPCAction, V1HTTPGetAction, V1TCPSocketAction } from '@kubernetes/client-node';
import * as grpc from '@grpc/grpc-js';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect } from 'node:net';
import type { Cri } from '../../cri/services.js';

export type ActionResult = string | undefined;

/** A port by number, or by the name of one of the container's ports. */
export function resolvePort(port: number | string | undefined, container: V1Container | undefined): number {
  if (typeof port === 'number') return port;
  if (port !== undefined && /^\d+$/.test(port)) return Number(port);
  const named = container?.ports?.find((p) => p.name === port);
  if (!named) throw new Error(`couldn't find port ${String(port)} in container ${container?.name ?? ''}`);
  return named.containerPort;
}

export async function execAction(cri: Cri, containerId: string, action: V1ExecAction, timeoutSeconds: number): Promise<ActionResult> {
  try {
    const result = await cri.runtime.execSync({ containerId, cmd: action.command ?? [], timeout: timeoutSeconds });
    if (result.exitCode === 0) return undefined;
    const output = Buffer.concat([result.stdout, result.stderr]).toString('utf8');
    return output || `command ${JSON.stringify((action.command ?? []).join(' '))} exited with ${result.exitCode}`;
  } catch (error) {
    const details = (error as { details?: string }).details ?? (error as Error).message;
    return /deadline|timeout/i.test(details) ? `command timed out after ${timeoutSeconds}s` : details;
  }
}

export function httpGetAction(action: V1HTTPGetAction, podIP: string, container: V1Container | undefined, timeoutSeconds: number): Promise<ActionResult> {
  const port = resolvePort(action.port as number | string, container);
  const host = action.host || podIP;
  const scheme = (action.scheme ?? 'HTTP').toLowerCase();
  const path = action.path?.startsWith('/') ? action.path : `/${action.path ?? ''}`;
  const url = `${scheme}://${host.includes(':') ? `[${host}]` : host}:${port}${path}`;
  const headers: Record<string, string> = { 'User-Agent': 'kube-probe/1.33', Accept: '*/*' };
  for (const h of action.httpHeaders ?? []) headers[h.name] = h.value;
  return new Promise((resolve) => {
    const send = scheme === 'https' ? httpsRequest : httpRequest;
    const req = send(url, { method: 'GET', headers, timeout: timeoutSeconds * 1000, rejectUnauthorized: false }, (res) => {
      res.resume();
      const code = res.statusCode ?? 0;
      resolve(code >= 200 && code < 400 ? undefined : `HTTP probe failed with statuscode: ${code}`);
    });
    req.on('timeout', () => req.destroy(new Error('context deadline exceeded (Client.Timeout exceeded while awaiting headers)')));
    req.on('error', (error: NodeJS.ErrnoException) => {
      const reason = error.code === 'ECONNREFUSED' ? `dial tcp ${host}:${port}: connect: connection refused` : error.message;
      resolve(`Get "${url}": ${reason}`);
    });
    req.end();
  });
}

export function tcpSocketAction(action: V1TCPSocketAction, podIP: string, container: V1Container | undefined, timeoutSeconds: number): Promise<ActionResult> {
  const port = resolvePort(action.port as number | string, container);
  const host = action.host || podIP;
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: timeoutSeconds * 1000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(undefined);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(`dial tcp ${host}:${port}: i/o timeout`);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      resolve(error.code === 'ECONNREFUSED' ? `dial tcp ${host}:${port}: connect: connection refused` : `dial tcp ${host}:${port}: ${error.message}`);
    });
  });
}

const SERVING_STATUS = ['UNKNOWN', 'SERVING', 'NOT_SERVING', 'SERVICE_UNKNOWN'];

/** grpc.health.v1.Health/Check: the request's field 1 is the service name; the answer's field 1 its status. */
export function grpcAction(action: V1GRPCAction, podIP: string, timeoutSeconds: number): Promise<ActionResult> {
  const target = `${podIP}:${action.port}`;
  const service = Buffer.from(action.service ?? '');
  const request = service.length > 0 ? Buffer.concat([Buffer.from([0x0a, service.length]), service]) : Buffer.alloc(0);
  const client = new grpc.Client(target, grpc.credentials.createInsecure());
  return new Promise((resolve) => {
    client.makeUnaryRequest(
      '/grpc.health.v1.Health/Check',
      (b: Buffer) => b,
      (b: Buffer) => b,
      request,
      new grpc.Metadata(),
      { deadline: Date.now() + timeoutSeconds * 1000 },
      (error, response) => {
        client.close();
        if (error) {
          resolve(error.code === grpc.status.DEADLINE_EXCEEDED
            ? `timeout: failed to connect service "${target}" within ${timeoutSeconds}s`
            : `failed to connect service "${target}": ${error.details}`);
          return;
        }
        const status = response && response.length >= 2 && response[0] === 0x08 ? response[1] : 0;
        resolve(status === 1 ? undefined : `service unhealthy (responded with "${SERVING_STATUS[status] ?? status}")`);
      },
    );
  });
}
