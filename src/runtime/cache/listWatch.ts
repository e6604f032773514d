// ListWatch: the two calls a reflector makes for one resource path
// (`/api/v1/namespaces/x/configmaps`, `/apis/apps/v1/deployments`), with optional label and
// field selectors. `list` pages through `limit`/`continue` starting at resourceVersion=0 (the
// API server's watch cache); `watch` asks for bookmarks and a randomized timeoutSeconds and
// decodes the stream line by line. client-node is only the transport: the kubeconfig supplies
// the server address, TLS material and credentials.
import { Agent as HttpsAgent, request as httpsRequest, type RequestOptions } from 'node:https';
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage, type ClientRequest } from 'node:http';
import type { KubeConfig } from '@kubernetes/client-node';
import { ApiError, type Status } from './apiError.js';
import { JsonLineDecoder } from './jsonLines.js';
import type { KubeObject } from './object.js';

export interface ListWatchOptions {
  labelSelector?: string;
  fieldSelector?: string;
  /** Items per list page (`limit`); default 500. */
  pageSize?: number;
  /** The watch's timeoutSeconds is drawn from this range; default 300-600 s, as client-go. */
  watchTimeoutSeconds?: [number, number];
  /** A list request that takes longer than this fails (default 60 s). */
  listTimeoutMs?: number;
}

export interface ListResult<T extends KubeObject = KubeObject> {
  items: T[];
  resourceVersion: string;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

export interface WatchEvent<T extends KubeObject = KubeObject> {
  type: WatchEventType;
  object: T | Status;
}

export interface WatchStream {
  /** Resolves when the server ends the stream, rejects on an HTTP or transport error. Resolves
   * (never rejects) after `stop()`. */
  done: Promise<void>;
  /** Closes the connection; no events are delivered after it returns. */
  stop(): void;
}

export class ListWatch<T extends KubeObject = KubeObject> {
  private readonly pageSize: number;
  private readonly timeoutRange: [number, number];

  constructor(private readonly kubeConfig: KubeConfig, readonly path: string, readonly options: ListWatchOptions = {}) {
    if (!path.startsWith('/') || path.includes('?')) throw new Error(`a resource path without query is expected, got ${path}`);
    this.pageSize = options.pageSize ?? 500;
    this.timeoutRange = options.watchTimeoutSeconds ?? [300, 600];
  }

  /** Lists every page. `resourceVersion` "0" accepts any recent state, "" asks for the latest.
   * An aborted `signal` ends the request at once. */
  async list(resourceVersion = '0', signal?: AbortSignal): Promise<ListResult<T>> {
    const items: T[] = [];
    let token: string | undefined;
    let listRv = '';
    do {
      const query = this.query({ limit: String(this.pageSize) });
      if (token) query.set('continue', token);
      else if (resourceVersion !== '') query.set('resourceVersion', resourceVersion);
      const page = await this.getJson(query, signal) as {
        kind?: string; apiVersion?: string; items?: T[]; metadata?: { resourceVersion?: string; continue?: string };
      };
      const kind = page.kind?.endsWith('List') ? page.kind.slice(0, -'List'.length) : undefined;
      for (const item of page.items ?? []) {
        // Items of a list carry no type; give them the list's so handlers see whole objects.
        if (kind && item.kind === undefined) item.kind = kind;
        if (page.apiVersion && item.apiVersion === undefined) item.apiVersion = page.apiVersion;
        items.push(item);
      }
      listRv = page.metadata?.resourceVersion ?? listRv;
      token = page.metadata?.continue || undefined;
    } while (token);
    return { items, resourceVersion: listRv };
  }

  /** Watches from `resourceVersion`, delivering each decoded event in order. */
  watch(resourceVersion: string, onEvent: (event: WatchEvent<T>) => void): WatchStream {
    const [min, max] = this.timeoutRange;
    const timeoutSeconds = Math.floor(min + Math.random() * (max - min));
    const query = this.query({
      watch: 'true', allowWatchBookmarks: 'true', timeoutSeconds: String(timeoutSeconds), resourceVersion,
    });
    let stopped = false;
    let request: ClientRequest | undefined;
    let agent: HttpAgent | undefined;
    const done = new Promise<void>((resolve, reject) => {
      const finish = (error?: Error) => {
        request?.destroy();
        agent?.destroy();
        if (error && !stopped) reject(error);
        else resolve();
      };
      this.open(query).then(({ req, res, agent: a }) => {
        request = req;
        agent = a;
        if (stopped) return finish();
        if (res.statusCode !== 200) {
          void readBody(res).then((body) => finish(errorFrom(res.statusCode, body)), finish);
          return;
        }
        const decoder = new JsonLineDecoder();
        let ended = false;
        const deliver = (values: unknown[]) => {
          for (const value of values) {
            if (stopped) return;
            onEvent(value as WatchEvent<T>);
          }
        };
        res.on('data', (chunk: Buffer) => {
          try {
            deliver(decoder.push(chunk));
          } catch (error) {
            finish(new ApiError(`undecodable watch event: ${(error as Error).message}`));
          }
        });
        res.on('end', () => {
          ended = true;
          try {
            deliver(decoder.end());
            finish();
          } catch (error) {
            finish(new ApiError(`undecodable watch event: ${(error as Error).message}`));
          }
        });
        res.on('error', (error) => finish(new ApiError(`watch stream failed: ${error.message}`)));
        res.on('close', () => { if (!ended) finish(new ApiError('watch connection closed before the stream ended')); });
      }, (error: Error) => finish(error));
    });
    return {
      done,
      stop: () => {
        stopped = true;
        request?.destroy();
        agent?.destroy();
      },
    };
  }

  private query(extra: Record<string, string>): URLSearchParams {
    const query = new URLSearchParams();
    if (this.options.labelSelector) query.set('labelSelector', this.options.labelSelector);
    if (this.options.fieldSelector) query.set('fieldSelector', this.options.fieldSelector);
    for (const [key, value] of Object.entries(extra)) query.set(key, value);
    return query;
  }

  private async getJson(query: URLSearchParams, signal?: AbortSignal): Promise<unknown> {
    if (signal?.aborted) throw new ApiError('list aborted');
    const timeoutMs = this.options.listTimeoutMs ?? 60_000;
    let timer: NodeJS.Timeout | undefined;
    let cancel: (() => void) | undefined;
    let onAbort: (() => void) | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        cancel?.();
        reject(new ApiError(`list of ${this.path} got no answer within ${timeoutMs} ms`));
      }, timeoutMs);
      onAbort = () => {
        cancel?.();
        reject(new ApiError('list aborted'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    const read = (async () => {
      const { req, res, agent } = await this.open(query);
      cancel = () => { req.destroy(); agent.destroy(); };
      try {
        const body = await readBody(res);
        if (res.statusCode !== 200) throw errorFrom(res.statusCode, body);
        return JSON.parse(body.toString('utf8')) as unknown;
      } finally {
        cancel();
      }
    })();
    try {
      return await Promise.race([read, timeout]);
    } finally {
      clearTimeout(timer);
      if (onAbort) signal?.removeEventListener('abort', onAbort);
      read.catch(() => undefined);
    }
  }

  /** Sends a GET with the kubeconfig's address and credentials on a connection of its own
   * (an agent per request: closing it leaves no socket behind). */
  private async open(query: URLSearchParams): Promise<{ req: ClientRequest; res: IncomingMessage; agent: HttpAgent }> {
    const cluster = this.kubeConfig.getCurrentCluster();
    if (!cluster) throw new Error('the kubeconfig has no current cluster');
    const url = new URL(cluster.server.replace(/\/$/, '') + this.path + '?' + query.toString());
    const options: RequestOptions = { method: 'GET', headers: { Accept: 'application/json' } };
    await this.kubeConfig.applyToHTTPSOptions(options);
    const secure = url.protocol === 'https:';
    // A shared keep-alive agent (see runtime/client reuseConnections) is not ours to destroy.
    const own = options.agent instanceof HttpAgent && !(options.agent as HttpAgent & { keepAlive?: boolean }).keepAlive;
    const agent = own ? options.agent as HttpAgent : secure
      ? new HttpsAgent({ ca: options.ca, cert: options.cert, key: options.key, rejectUnauthorized: options.rejectUnauthorized })
      : new HttpAgent();
    options.agent = agent;
    return new Promise((resolve, reject) => {
      const send = secure ? httpsRequest : httpRequest;
      const req = send(url, options, (res) => resolve({ req, res, agent }));
      req.on('error', (error) => {
        agent.destroy();
        reject(new ApiError(`request to ${url.pathname} failed: ${error.message}`));
      });
      req.end();
    });
  }
}

function readBody(res: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => resolve(Buffer.concat(chunks)));
    res.on('error', reject);
    res.on('close', () => { if (!res.complete) reject(new ApiError('connection closed before the response ended')); });
  });
}

function errorFrom(code: number | undefined, body: Buffer): ApiError {
  try {
    const status = JSON.parse(body.toString('utf8')) as Status;
    if (status && status.kind === 'Status') return ApiError.fromStatus(status, code);
  } catch {
    // Not a Status: fall through to a plain error with the HTTP code.
  }
  return new ApiError(`request failed with HTTP ${code}: ${body.toString('utf8').slice(0, 200)}`, code);
}
