// Raw HTTPS requests to a test API server with the admin certificate: for bodies and headers
// no well-behaved client would send.
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  json<T = Record<string, unknown>>(): T;
}

export class RawClient {
  private readonly cert: string;
  private readonly key: string;
  private readonly ca: string;

  constructor(private readonly url: string, dataDir: string) {
    const pki = join(dataDir, 'pki');
    this.cert = readFileSync(join(pki, 'admin.crt'), 'utf8');
    this.key = readFileSync(join(pki, 'admin.key'), 'utf8');
    this.ca = readFileSync(join(pki, 'ca.crt'), 'utf8');
  }

  send(method: string, path: string, body?: string | Buffer, headers: Record<string, string> = {}): Promise<RawResponse> {
    return new Promise((resolve, reject) => {
      const req = request(`${this.url}${path}`, { method, cert: this.cert, key: this.key, ca: this.ca, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const all = Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: all, json: () => JSON.parse(all.toString()) });
        });
      });
      req.on('error', reject);
      req.end(body);
    });
  }
}
