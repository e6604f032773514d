// /openapi/v2 and /openapi/v3 over plain HTTP on loopback: the v3 index and its hashes, the
// caching headers, conditional requests, redirects for stale hashes, content negotiation, the v2
// subset of served group-versions, gzip, and the run-time `set`/`delete` seam.
import { createHash } from 'node:crypto';
import { request } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

import express from 'express';

import { OpenApiDocuments, openApiRouter } from '../../../src/apiserver/openapi/index.js';

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

let server: Server;
let port: number;
const documents = new OpenApiDocuments();

function get(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

function sha512(bytes: Buffer): string {
  return createHash('sha512').update(bytes).digest('hex').toUpperCase();
}

interface Index {
  paths: Record<string, { serverRelativeURL: string }>;
}

async function index(): Promise<Index> {
  return JSON.parse((await get('/openapi/v3')).body.toString()) as Index;
}

beforeAll(async () => {
  const app = express();
  app.use(openApiRouter(documents));
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('GET /openapi/v3', () => {
  it('lists the served group-versions and groups with their hash URLs', async () => {
    const reply = await get('/openapi/v3');
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('application/json');
    expect(reply.headers.etag).toBe(`"${sha512(reply.body)}"`);
    expect(reply.headers['cache-control']).toBe('no-cache, private');
    const { paths } = JSON.parse(reply.body.toString()) as Index;
    const names = Object.keys(paths);
    expect(names).toEqual([...names].sort());
    for (const name of ['api', 'api/v1', 'apis', 'apis/apps', 'apis/apps/v1', 'apis/autoscaling/v1', 'apis/autoscaling/v2', 'version']) {
      expect(names).toContain(name);
    }
    // only what kubets serves: no alpha/beta group-versions, no group that is not served
    expect(names.filter((n) => /\/v\d+(alpha|beta)\d+$/.test(n))).toEqual([]);
    expect(names).not.toContain('apis/resource.k8s.io');
    expect(names).not.toContain('logs');
    expect(paths['apis/apps/v1'].serverRelativeURL).toMatch(/^\/openapi\/v3\/apis\/apps\/v1\?hash=[0-9A-F]{128}$/);
  });

  it('answers each URL with the document whose SHA-512 is the hash', async () => {
    const { paths } = await index();
    for (const name of ['api/v1', 'apis/apps/v1', 'apis', 'apis/apps']) {
      const url = paths[name].serverRelativeURL;
      const reply = await get(url, { Accept: 'application/json' });
      expect(reply.status).toBe(200);
      expect(url.endsWith(`hash=${sha512(reply.body)}`)).toBe(true);
      expect(reply.headers.etag).toBe(`"${sha512(reply.body)}"`);
    }
    const apps = JSON.parse((await get(paths['apis/apps/v1'].serverRelativeURL)).body.toString());
    const deployment = apps.components.schemas['io.k8s.api.apps.v1.Deployment'];
    expect(deployment['x-kubernetes-group-version-kind']).toEqual([{ group: 'apps', kind: 'Deployment', version: 'v1' }]);
    const spec = apps.components.schemas['io.k8s.api.apps.v1.DeploymentSpec'];
    expect(spec.properties.strategy['x-kubernetes-patch-strategy']).toBe('retainKeys');
  });
});

describe('GET /openapi/v3/<path>', () => {
  it('marks the hash URL immutable for a year', async () => {
    const { paths } = await index();
    const reply = await get(paths['api/v1'].serverRelativeURL);
    expect(reply.headers['cache-control']).toBe('public, immutable');
    expect(reply.headers.vary).toBe('Accept');
    const expires = Date.parse(reply.headers.expires!);
    const inAYear = Date.now() + 365 * 24 * 3600 * 1000;
    expect(Math.abs(expires - inAYear)).toBeLessThan(2 * 24 * 3600 * 1000);
    expect(reply.headers.expires).toMatch(/ UTC$/);
  });

  it('is no-cache without a hash, and redirects a stale hash to the current URL', async () => {
    const { paths } = await index();
    const plain = await get('/openapi/v3/apis/apps/v1');
    expect(plain.status).toBe(200);
    expect(plain.headers['cache-control']).toBe('no-cache, private');
    expect(plain.headers.expires).toBeUndefined();

    const stale = await get('/openapi/v3/apis/apps/v1?hash=0123');
    expect(stale.status).toBe(301);
    expect(stale.headers.location).toBe(paths['apis/apps/v1'].serverRelativeURL);
  });

  it('answers If-None-Match with the ETag by 304', async () => {
    const { paths } = await index();
    const url = paths['apis/apps/v1'].serverRelativeURL;
    const first = await get(url);
    const again = await get(url, { 'If-None-Match': first.headers.etag! });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    expect(again.headers.etag).toBe(first.headers.etag);
    expect(again.headers['last-modified']).toBeUndefined();
    expect((await get(url, { 'If-None-Match': '"other"' })).status).toBe(200);
    expect((await get('/openapi/v3', { 'If-None-Match': (await get('/openapi/v3')).headers.etag! })).status).toBe(304);
  });

  it('serves JSON only: v3 protobuf alone is a 406', async () => {
    const pb = await get('/openapi/v3/api/v1', { Accept: 'application/com.github.proto-openapi.spec.v3@v1.0+protobuf' });
    expect(pb.status).toBe(406);
    const any = await get('/openapi/v3/api/v1', { Accept: '*/*' });
    expect(any.headers['content-type']).toBe('application/json');
  });

  it('answers an unknown document with an empty 200, as upstream', async () => {
    const reply = await get('/openapi/v3/apis/resource.k8s.io/v1beta1');
    expect(reply.status).toBe(200);
    expect(reply.body.length).toBe(0);
  });

  it('serves a byte range and HEAD without a body', async () => {
    const full = await get('/openapi/v3/api/v1');
    const part = await get('/openapi/v3/api/v1', { Range: 'bytes=0-9' });
    expect(part.status).toBe(206);
    expect(part.body).toEqual(full.body.subarray(0, 10));
    expect(part.headers['content-range']).toBe(`bytes 0-9/${full.body.length}`);
    const head = await get('/openapi/v3/api/v1', {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe(String(full.body.length));
    expect(head.body.length).toBe(0);
  });
});

describe('GET /openapi/v2', () => {
  it('serves the served group-versions as JSON, every $ref resolving', async () => {
    const reply = await get('/openapi/v2', { Accept: 'application/json' });
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('application/json');
    expect(reply.headers.etag).toBe(`"${sha512(reply.body)}"`);
    const swagger = JSON.parse(reply.body.toString());
    const paths = Object.keys(swagger.paths);
    expect(paths).toContain('/api/v1/namespaces/{namespace}/pods');
    expect(paths).toContain('/apis/apps/v1/namespaces/{namespace}/deployments/{name}');
    expect(paths).toContain('/version/');
    expect(paths.filter((p) => p.startsWith('/apis/resource.k8s.io/') || /\/v\d+(alpha|beta)\d+\//.test(p))).toEqual([]);
    expect(swagger.definitions['io.k8s.api.resource.v1beta1.ResourceClaim']).toBeUndefined();
    const pod = swagger.definitions['io.k8s.api.core.v1.PodSpec'];
    expect(pod.properties.containers['x-kubernetes-patch-merge-key']).toBe('name');
    const refs = JSON.stringify(swagger).match(/"\$ref":"[^"]+"/g) ?? [];
    for (const ref of new Set(refs)) {
      const [, section, name] = /"\$ref":"#\/([^/]+)\/([^"]+)"/.exec(ref)!;
      expect(swagger[section][name]).toBeDefined();
    }
  });

  it('serves the gnostic protobuf with the JSON ETag, gzip-compressed when asked', async () => {
    const json = await get('/openapi/v2');
    const accept = 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf';
    const pb = await get('/openapi/v2', { Accept: accept, 'Accept-Encoding': 'gzip' });
    expect(pb.status).toBe(200);
    expect(pb.headers['content-type']).toBe('application/com.github.proto-openapi.spec.v2.v1.0+protobuf');
    expect(pb.headers['content-encoding']).toBe('gzip');
    expect(pb.headers.vary).toBe('Accept-Encoding, Accept');
    expect(pb.headers.etag).toBe(json.headers.etag);
    const bytes = gunzipSync(pb.body);
    expect(bytes.equals(documents.v2Protobuf().body)).toBe(true);
    expect(bytes[0]).toBe(0x0a); // field 1 (swagger), length-delimited
    expect(bytes.subarray(2, 5).toString()).toBe('2.0');

    const plain = await get('/openapi/v2', { Accept: accept });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.equals(bytes)).toBe(true);
    expect((await get('/openapi/v2', { Accept: accept, 'If-None-Match': pb.headers.etag! })).status).toBe(304);
    expect((await get('/openapi/v2', { Accept: 'text/html' })).status).toBe(406);
  });
});

describe('OpenApiDocuments.set/delete', () => {
  it('publishes a document and its /openapi/v2 part, recomputing hashes', async () => {
    const before = await index();
    const v2Before = documents.v2Json().hash;
    const crd = {
      openapi: '3.0.0',
      info: { title: 'Kubernetes CRD Swagger', version: 'v0.1.0' },
      paths: {},
      components: { schemas: { 'com.example.stable.v1.CronTab': { type: 'object', 'x-kubernetes-group-version-kind': [{ group: 'stable.example.com', kind: 'CronTab', version: 'v1' }] } } },
    };
    documents.set('apis/stable.example.com/v1', crd, {
      paths: { '/apis/stable.example.com/v1/crontabs': { get: { responses: { '200': { description: 'OK' } } } } },
      definitions: { 'com.example.stable.v1.CronTab': { type: 'object' } },
    });
    const after = await index();
    const url = after.paths['apis/stable.example.com/v1'].serverRelativeURL;
    const reply = await get(url);
    expect(JSON.parse(reply.body.toString())).toEqual(crd);
    expect(url.endsWith(`hash=${sha512(reply.body)}`)).toBe(true);
    expect(after.paths['apis/apps/v1']).toEqual(before.paths['apis/apps/v1']);
    const swagger = JSON.parse((await get('/openapi/v2')).body.toString());
    expect(swagger.definitions['com.example.stable.v1.CronTab']).toEqual({ type: 'object' });
    expect(documents.v2Json().hash).not.toBe(v2Before);

    documents.set('apis/stable.example.com/v1', { ...crd, info: { ...crd.info, version: 'v0.2.0' } });
    const changed = await index();
    expect(changed.paths['apis/stable.example.com/v1'].serverRelativeURL).not.toBe(url);
    expect((await get(url)).status).toBe(301);

    documents.delete('apis/stable.example.com/v1');
    expect((await index()).paths['apis/stable.example.com/v1']).toBeUndefined();
    expect(documents.v2Json().hash).toBe(v2Before);
  });
});
