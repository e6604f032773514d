// Port-forward for WebSocket clients (kubectl 1.31+ offers `SPDY/3.1+portforward.k8s.io`): the
// client speaks SPDY inside WebSocket binary messages, so the API server, having upgraded the
// kubelet connection to SPDY itself, only moves bytes: each message's payload to the kubelet,
// each chunk from the kubelet as a message.
import type { WebSocket } from 'ws';
import type { KubeletUpgrade } from './kubeletConnection.js';

export const TUNNELED_PORT_FORWARD = 'SPDY/3.1+portforward.k8s.io';

export function tunnelSpdy(ws: WebSocket, kubelet: KubeletUpgrade): void {
  const { socket } = kubelet;
  const send = (data: Buffer) => {
    if (ws.readyState === ws.OPEN) ws.send(data);
  };
  if (kubelet.rest.length) send(kubelet.rest);
  socket.on('data', send);
  socket.resume();
  ws.on('message', (message: Buffer) => socket.write(message));
  const close = () => {
    if (ws.readyState === ws.OPEN) ws.close(1000);
    socket.destroy();
  };
  socket.once('close', close);
  socket.once('end', close);
  ws.once('close', close);
}
