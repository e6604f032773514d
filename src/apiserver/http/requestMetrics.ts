// Per-request bookkeeping: requests in flight, the request counter and latency histogram with
// kube-apiserver's labels, and one log line per request at --v=2.
import type { NextFunction, Request, Response } from 'express';
import { logger } from '../../log/index.js';
import type { ApiServerMetrics } from '../metrics.js';
import { parseResourcePath } from './requestInfo.js';

const log = logger('apiserver');

const metricVerbs: Record<string, string> = {
  get: 'GET', list: 'LIST', watch: 'WATCH', create: 'POST', update: 'PUT', patch: 'PATCH',
  delete: 'DELETE', deletecollection: 'DELETE',
};

export function requestMetrics(metrics: ApiServerMetrics) {
  return (request: Request, response: Response, next: NextFunction) => {
    const started = performance.now();
    const mutating = !['GET', 'HEAD', 'OPTIONS'].includes(request.method);
    const kind = mutating ? 'mutating' : 'readOnly';
    metrics.inflight.inc({ request_kind: kind });
    const url = new URL(request.originalUrl, 'https://kubets');
    const watch = ['true', '1'].includes(url.searchParams.get('watch') ?? '');
    const info = parseResourcePath(request.method, url.pathname, watch);
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      metrics.inflight.dec({ request_kind: kind });
      const apply = request.method === 'PATCH' && (request.headers['content-type'] ?? '').startsWith('application/apply-patch');
      const labels = {
        verb: info ? (apply ? 'APPLY' : metricVerbs[info.verb] ?? request.method) : request.method,
        dry_run: url.searchParams.has('dryRun') ? 'All' : '',
        group: info?.group ?? '',
        version: info?.version ?? '',
        resource: info?.resource ?? '',
        subresource: info?.subresource ?? '',
        scope: !info ? '' : info.name ? 'resource' : info.namespace ? 'namespace' : 'cluster',
        component: 'apiserver',
      };
      const seconds = (performance.now() - started) / 1000;
      metrics.requests.inc({ ...labels, code: String(response.statusCode) });
      metrics.duration.observe(labels, seconds);
      log.v(2).info('request', {
        verb: labels.verb, uri: request.originalUrl, code: response.statusCode,
        latencyMs: Math.round(seconds * 1000), userAgent: request.headers['user-agent'],
      });
    };
    response.on('finish', finish);
    response.on('close', finish);
    next();
  };
}
