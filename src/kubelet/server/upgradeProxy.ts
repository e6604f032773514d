// Hands an upgrade request (SPDY/3.1 or WebSocket) on to the runtime's stream server: the same
// method and upgrade headers sent to the single-use URL the CRI gave, then bytes both ways
// untouched, the runtime's answer (101 or an error) included. The kubelet never reads the
// stream protocol itself.
import type { IncomingMessage } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';

/** The request headers that make the upgrade; everything else stays with the kubelet. */
const forwarded = new Set([
  'connection', 'upgrade', 'x-stream-protocol-version',
  'sec-websocket-key', 'sec-websocket-version', 'sec-websocket-protocol', 'sec-websocket-extensions',
]);

export function proxyUpgrade(request: IncomingMessage, client: Duplex, head: Buffer, target: string): void {
  const url = new URL(target);
  const upstream: Socket = connect(Number(url.port || 80), url.hostname);
  const lines = [`${request.method ?? 'GET'} ${url.pathname}${url.search} HTTP/1.1`, `Host: ${url.host}`, 'Content-Length: 0'];
  for (let i = 0; i < request.rawHeaders.length; i += 2) {
    if (forwarded.has(request.rawHeaders[i].toLowerCase())) lines.push(`${request.rawHeaders[i]}: ${request.rawHeaders[i + 1]}`);
  }
  let connected = false;
  upstream.once('connect', () => {
    connected = true;
    upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
    if (head.length) upstream.write(head);
    upstream.pipe(client);
    client.pipe(upstream);
  });
  // A stream server that closes with bytes of ours unread resets the connection: what it sent
  // before still goes out to the client.
  upstream.once('error', () => {
    if (!connected) client.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n');
  });
  upstream.once('close', () => {
    if (connected) endWithPeer(client);
  });
  client.once('error', () => upstream.destroy());
  client.once('close', () => upstream.destroy());
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
