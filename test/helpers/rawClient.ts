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

  /** Starts a streaming GET (a watch) and collects its lines as they come. */
  stream(path: string, headers: Record<string, string> = {}): { lines: string[]; status: () => number; headers: () => Record<string, unknown>; ended: () => boolean; close: () => void } {
    const lines: string[] = [];
    let status = 0;
    let responseHeaders: Record<string, unknown> = {};
    let ended = false;
    let partial = '';
    const req = request(`${this.url}${path}`, { method: 'GET', cert: this.cert, key: this.key, ca: this.ca, headers }, (res) => {
      status = res.statusCode ?? 0;
      responseHeaders = res.headers;
      res.on('data', (chunk: Buffer) => {
        partial += chunk.toString();
        const parts = partial.split('\n');
        partial = parts.pop()!;
        lines.push(...parts.filter((l) => l !== ''));
      });
      res.on('end', () => { ended = true; });
      res.on('error', () => { ended = true; });
    });
    req.on('error', () => { ended = true; });
    req.end();
    return { lines, status: () => status, headers: () => responseHeaders, ended: () => ended, close: () => req.destroy() };
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
