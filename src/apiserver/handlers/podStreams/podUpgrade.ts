// Upgrade requests for pods/exec, pods/attach and pods/portforward: the pod and container are
// found and the kubelet of its node asked to upgrade (`/exec|attach/{ns}/{pod}/{container}`,
// `/portForward/{ns}/{pod}`). A SPDY/3.1 client gets the kubelet's answer and then its bytes
// as they are; a WebSocket client of the channel protocols (v5/v4) is translated to SPDY, and a
// WebSocket client tunnelling SPDY port-forward is tunnelled. Refusals before the upgrade are
// metav1.Status answers.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Registries } from '../../../registry/registries.js';
import { StatusError } from '../../../registry/statusError.js';
import { parseResourcePath } from '../../http/requestInfo.js';
import { kubeletRefusal, kubeletUpgrade, refusalBody, type KubeletClientConfig, type KubeletUpgrade } from './kubeletConnection.js';
import { containerOf, kubeletOf, readPod } from './kubeletLocation.js';
import { translateStreams } from './streamTranslator.js';
import { TUNNELED_PORT_FORWARD, tunnelSpdy } from './spdyTunnel.js';

const channelProtocols = ['v5.channel.k8s.io', 'v4.channel.k8s.io'];
const TUNNEL_PLACEHOLDER = 'kubets.portforward.tunnel';
const streamSubresources = ['exec', 'attach', 'portforward'];
/** The client's headers that make the upgrade, passed on to the kubelet for SPDY clients. */
const upgradeHeaders = new Set(['connection', 'upgrade', 'x-stream-protocol-version']);

const isTrue = (value: string | null) => value === 'true' || value === '1';

function writeRefusal(socket: Duplex, error: StatusError): void {
  const body = JSON.stringify(error.status);
  socket.end(`HTTP/1.1 ${error.code} ${error.status.reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

function offeredProtocols(request: IncomingMessage): string[] {
  return String(request.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim()).filter(Boolean);
}

/** Handles the upgrade requests of a server (those that are not pod streams are refused), and
 * ends the open ones when the server closes. */
export function podStreamUpgrades(registries: Registries, kubelet: KubeletClientConfig) {
  const websockets = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    handleProtocols: (offered) => [...channelProtocols, TUNNEL_PLACEHOLDER].find((p) => offered.has(p)) ?? false,
  });
  // `SPDY/3.1+portforward.k8s.io` is no RFC 7230 token, which ws insists on: the handshake
  // runs with a placeholder that the answer's header then names as the client offered it.
  websockets.on('headers', (headers: string[]) => {
    const index = headers.indexOf(`Sec-WebSocket-Protocol: ${TUNNEL_PLACEHOLDER}`);
    if (index >= 0) headers[index] = `Sec-WebSocket-Protocol: ${TUNNELED_PORT_FORWARD}`;
  });
  const accept = (request: IncomingMessage, socket: Duplex, head: Buffer, tunnel: boolean) => {
    if (tunnel) request.headers['sec-websocket-protocol'] = TUNNEL_PLACEHOLDER;
    return new Promise<WebSocket>((resolve) => websockets.handleUpgrade(request, socket, head, resolve));
  };

  const open = new Set<Duplex>();
  const handle = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    open.add(socket);
    socket.once('close', () => open.delete(socket));
    socket.on('error', () => undefined);
    upgrade(request, socket, head).catch((error: unknown) => {
      writeRefusal(socket, error instanceof StatusError ? error : StatusError.internal(error instanceof Error ? error.message : String(error)));
    });
  };
  /** Ends every stream still open (the server is closing). */
  const closeAll = () => {
    for (const socket of open) socket.destroy();
  };
  return { handle, closeAll };

  async function upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = new URL(request.url ?? '/', 'https://kubets');
    const info = parseResourcePath(request.method ?? 'GET', url.pathname, false);
    if (!info || info.group !== '' || info.resource !== 'pods' || !info.namespace || !info.name || !streamSubresources.includes(info.subresource ?? '')) {
      throw StatusError.of(404, 'NotFound', 'the server could not find the requested resource', {});
    }
    const { namespace, name, subresource } = info;
    const pod = await readPod(registries, namespace, name);
    const query = new URLSearchParams();
    let path: string;
    const streams = { stdin: isTrue(url.searchParams.get('stdin')), stdout: isTrue(url.searchParams.get('stdout')), stderr: isTrue(url.searchParams.get('stderr')), tty: isTrue(url.searchParams.get('tty')) };
    if (subresource === 'portforward') {
      for (const port of url.searchParams.getAll('ports')) query.append('port', port);
      path = `/portForward/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`;
    } else {
      const container = containerOf(pod, url.searchParams.get('container'));
      if (subresource === 'exec') for (const command of url.searchParams.getAll('command')) query.append('command', command);
      if (streams.stdin) query.set('input', '1');
      if (streams.stdout) query.set('output', '1');
      if (streams.stderr) query.set('error', '1');
      if (streams.tty) query.set('tty', '1');
      path = `/${subresource}/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}/${encodeURIComponent(container)}`;
    }
    if (query.size) path += `?${query}`;
    const endpoint = await kubeletOf(registries, pod);
    if (!endpoint) throw StatusError.badRequest(`pod ${name} does not have a host assigned`);

    const websocket = String(request.headers.upgrade ?? '').toLowerCase() === 'websocket';
    const offered = offeredProtocols(request);
    const translated = websocket && subresource !== 'portforward' && channelProtocols.some((p) => offered.includes(p));
    const tunnelled = websocket && subresource === 'portforward' && offered.includes(TUNNELED_PORT_FORWARD);
    if (translated || tunnelled) {
      const protocol = translated ? 'v4.channel.k8s.io' : 'portforward.k8s.io';
      const answer = await kubeletUpgrade(endpoint, kubelet, 'POST', path, [['Connection', 'Upgrade'], ['Upgrade', 'SPDY/3.1'], ['X-Stream-Protocol-Version', protocol]]);
      if (answer.status !== 101) throw await refused(answer, subresource!, name);
      const ws = await accept(request, socket, head, tunnelled);
      if (translated) translateStreams(ws, answer, streams);
      else tunnelSpdy(ws, answer);
      return;
    }
    const headers: [string, string][] = [];
    for (let i = 0; i < request.rawHeaders.length; i += 2) {
      if (upgradeHeaders.has(request.rawHeaders[i].toLowerCase()) || request.rawHeaders[i].toLowerCase().startsWith('sec-websocket-')) {
        headers.push([request.rawHeaders[i], request.rawHeaders[i + 1]]);
      }
    }
    const answer = await kubeletUpgrade(endpoint, kubelet, request.method ?? 'POST', path, headers);
    relay(socket, head, answer);
  }
}

async function refused(answer: KubeletUpgrade, subresource: string, name: string): Promise<StatusError> {
  return kubeletRefusal(answer.status, await refusalBody(answer), `pods/${subresource}`, name);
}

/** The kubelet's answer and everything after it, both ways, as bytes. */
function relay(client: Duplex, head: Buffer, kubelet: KubeletUpgrade): void {
  const { socket } = kubelet;
  client.write(kubelet.head);
  if (kubelet.rest.length) client.write(kubelet.rest);
  if (head.length) socket.write(head);
  socket.pipe(client);
  client.pipe(socket);
  socket.resume();
  // A reset kubelet connection closes too: what came before it still goes out.
  socket.once('close', () => endWithPeer(client));
  client.once('close', () => socket.destroy());
}

/** Ends a client connection whose other side has gone: what was sent goes out, what the client
 * still sends is read and dropped (closing with unread data would reset the connection and
 * lose the last bytes), and it closes once the client ends too, or after a while regardless. */
function endWithPeer(client: Duplex): void {
  const timer = setTimeout(() => client.destroy(), 30_000).unref();
  client.once('close', () => clearTimeout(timer));
  client.end();
  client.resume();
}
