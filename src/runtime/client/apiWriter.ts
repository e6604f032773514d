// Writes to the API server without client-node's generated client: a JSON body out, the reply's
// HTTP status back, the reply's body parsed only when the caller asks for it. For components
// that write at volume and do not read what comes back (the kubelet's pod status patches,
// Events), client-node's request pipeline (its fetch, its serializer) and its typed decoding of
// every reply cost more than the write itself. Connection options (TLS material, credentials,
// the shared keep-alive agent of reuseConnections) come from the kubeconfig and are refreshed
// once a minute. A failed write throws an error with `code` (the HTTP status) and `body` (the
// metav1.Status text), as client-node's errors have.
import type { KubeConfig } from '@kubernetes/client-node';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest, type RequestOptions } from 'node:https';

const OPTIONS_TTL_MS = 60_000;

export type PatchType = 'application/merge-patch+json' | 'application/strategic-merge-patch+json' | 'application/json-patch+json';

export class ApiWriteError extends Error {
  constructor(readonly code: number, readonly body: string) {
    super(`HTTP ${code}: ${body.slice(0, 500)}`);
  }
}

export class ApiWriter {
  private options: Promise<{ base: RequestOptions; secure: boolean }> | undefined;
  private optionsAt = 0;

  constructor(private readonly kubeConfig: KubeConfig) {}

  post(path: string, body: unknown): Promise<string> {
    return this.send('POST', path, body, 'application/json');
  }

  patch(path: string, body: unknown, type: PatchType): Promise<string> {
    return this.send('PATCH', path, body, type);
  }

  /** Sends `body` as JSON; resolves with the reply's text on a 2xx status, else throws ApiWriteError. */
  async send(method: string, path: string, body: unknown, contentType: string): Promise<string> {
    const { base, secure } = await this.connection();
    const payload = Buffer.from(JSON.stringify(body));
    return new Promise((resolve, reject) => {
      const options: RequestOptions = {
        ...base, method, path,
        headers: { ...base.headers, Accept: 'application/json', 'Content-Type': contentType, 'Content-Length': payload.length },
      };
      const req = (secure ? httpsRequest : httpRequest)(options, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          const code = res.statusCode ?? 0;
          if (code >= 200 && code < 300) resolve(text);
          else reject(new ApiWriteError(code, text));
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(payload);
    });
  }

  private connection(): Promise<{ base: RequestOptions; secure: boolean }> {
    const now = Date.now();
    if (!this.options || now - this.optionsAt > OPTIONS_TTL_MS) {
      this.optionsAt = now;
      this.options = this.load();
      this.options.catch(() => { this.options = undefined; });
    }
    return this.options;
  }

  private async load(): Promise<{ base: RequestOptions; secure: boolean }> {
    const cluster = this.kubeConfig.getCurrentCluster();
    if (!cluster) throw new Error('the kubeconfig names no current cluster');
    const url = new URL(cluster.server);
    const base: RequestOptions = { headers: {} };
    await this.kubeConfig.applyToHTTPSOptions(base);
    return { base: { ...base, hostname: url.hostname, port: url.port || undefined }, secure: url.protocol === 'https:' };
  }
}
