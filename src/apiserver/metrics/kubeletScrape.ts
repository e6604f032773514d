// Reads a kubelet's `/metrics/resource` over HTTPS with the API server's kubelet client
// certificate, within a short deadline. The request names the node in its Host header, so a
// kubelet server that serves several nodes answers for the right one; connections are kept
// alive and shared (a few per kubelet address), so scraping many nodes of one server costs few
// TLS handshakes.
import { Agent, request } from 'node:https';
import { isIP } from 'node:net';
import type { KubeletClientConfig } from '../handlers/podStreams/index.js';
import type { KubeletEndpoint } from '../handlers/podStreams/kubeletLocation.js';

const SCRAPE_TIMEOUT_MS = 5_000;

const agent = new Agent({ keepAlive: true, maxSockets: 16, timeout: 30_000 });

export function scrapeKubelet(nodeName: string, endpoint: KubeletEndpoint, client: KubeletClientConfig, timeoutMs = SCRAPE_TIMEOUT_MS): Promise<string> {
  return new Promise((resolve, reject) => {
    const call = request({
      host: endpoint.host, port: endpoint.port, path: '/metrics/resource', method: 'GET', agent,
      headers: { Host: `${nodeName}:${endpoint.port}`, Accept: 'text/plain' },
      // The certificate is checked against the address dialled, not the Host header.
      servername: isIP(endpoint.host) ? '' : endpoint.host,
      cert: client.certificate, key: client.key,
      ...(client.ca ? { ca: client.ca } : { rejectUnauthorized: false }),
      signal: AbortSignal.timeout(timeoutMs),
    }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.once('error', reject);
      response.once('end', () => {
        const body = Buffer.concat(chunks).toString();
        if (response.statusCode === 200) resolve(body);
        else reject(new Error(`request failed, status: "${response.statusCode}": ${body.slice(0, 200)}`));
      });
    });
    call.once('error', reject);
    call.end();
  });
}
