// serveMetrics: a registry scraped over HTTP, the health checks, `0` serving nothing, an
// address in use leaving the component without an endpoint instead of failing it.
import { Counter, Registry } from 'prom-client';
import { parseBindAddress, serveMetrics } from '../../../src/runtime/metrics/index.js';

test('bind addresses: host:port, :port for every interface, [v6]:port, 0 for none', () => {
  expect(parseBindAddress('127.0.0.1:10259')).toEqual({ host: '127.0.0.1', port: 10259 });
  expect(parseBindAddress(':8080')).toEqual({ host: '0.0.0.0', port: 8080 });
  expect(parseBindAddress('[::1]:10257')).toEqual({ host: '::1', port: 10257 });
  expect(parseBindAddress('0')).toBeUndefined();
  expect(() => parseBindAddress('localhost')).toThrow('invalid bind address "localhost": want host:port, :port or 0');
});

test('serves the registry at /metrics and ok at the health paths; a taken address serves nothing', async () => {
  const registry = new Registry();
  new Counter({ name: 'things_total', help: 'Things.', registers: [registry] }).inc(3);
  const server = (await serveMetrics({ bindAddress: '127.0.0.1:0', registry }))!;
  try {
    const metrics = await fetch(`${server.url}/metrics`);
    expect(metrics.headers.get('content-type')).toBe(registry.contentType);
    expect(await metrics.text()).toBe('# HELP things_total Things.\n# TYPE things_total counter\nthings_total 3\n');
    for (const path of ['/healthz', '/livez', '/readyz']) expect(await (await fetch(server.url + path)).text()).toBe('ok');
    expect((await fetch(`${server.url}/other`)).status).toBe(404);
    expect((await fetch(`${server.url}/metrics`, { method: 'POST' })).status).toBe(405);
    expect(await serveMetrics({ bindAddress: new URL(server.url).host, registry })).toBeUndefined();
  } finally {
    await server.close();
  }
  expect(await serveMetrics({ bindAddress: '0', registry })).toBeUndefined();
});
