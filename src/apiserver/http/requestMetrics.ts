// Per-request bookkeeping: requests in flight, the request counter and latency histogram with
// kube-apiserver's labels, and one log line per request at --v=2.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { logger } from '../../log/index.js';
import type { ApiServerMetrics } from '../metrics.js';
import type { RequestInfo } from './requestInfo.js';

const log = logger('apiserver');

const metricVerbs: Record<string, string> = {
  get: 'GET', list: 'LIST', watch: 'WATCH', create: 'POST', update: 'PUT', patch: 'PATCH',
  delete: 'DELETE', deletecollection: 'DELETE',
};

/** Starts tracking a request; `info` is what it addresses when it is a resource request. */
export function trackRequest(metrics: ApiServerMetrics, request: IncomingMessage, response: ServerResponse, info: RequestInfo | undefined, dryRun: boolean): void {
  const started = performance.now();
  const kind = request.method === 'GET' || request.method === 'HEAD' || request.method === 'OPTIONS' ? 'readOnly' : 'mutating';
  metrics.requestStarted(kind);
  let done = false;
  const finish = () => {
    if (done) return;
    done = true;
    metrics.requestFinished(kind);
    const apply = request.method === 'PATCH' && (request.headers['content-type'] ?? '').startsWith('application/apply-patch');
    const labels = {
      verb: info ? (apply ? 'APPLY' : metricVerbs[info.verb] ?? request.method!) : request.method!,
      dry_run: dryRun ? 'All' : '',
      group: info?.group ?? '',
      version: info?.version ?? '',
      resource: info?.resource ?? '',
      subresource: info?.subresource ?? '',
      scope: !info ? '' : info.name ? 'resource' : info.namespace ? 'namespace' : 'cluster',
      component: 'apiserver',
    };
    const seconds = (performance.now() - started) / 1000;
    const code = String(response.statusCode);
    metrics.countRequest(`${labels.verb}|${labels.dry_run}|${labels.group}|${labels.version}|${labels.resource}|${labels.subresource}|${labels.scope}|${code}`,
      () => ({ ...labels, code }));
    metrics.duration.observe(labels, seconds);
    const verbose = log.v(2);
    if (verbose.enabled) {
      verbose.info('request', {
        verb: labels.verb, uri: request.url, code: response.statusCode,
        latencyMs: Math.round(seconds * 1000), userAgent: request.headers['user-agent'],
      });
    }
  };
  response.on('finish', finish);
  response.on('close', finish);
}
