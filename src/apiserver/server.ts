// The API server: HTTPS with the cluster's certificates, health and version endpoints,
// discovery, OpenAPI, and every resource through the generic handlers. Serving starts only
// once every watch cache is in sync.
import express, { type NextFunction, type Request, type Response } from 'express';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Catalog } from '../registry/catalog.js';
import type { Registries } from '../registry/registries.js';
import { StatusError } from '../registry/statusError.js';
import type { ClusterCertificates } from './pki/certificates.js';
import { aggregatedDiscovery, apiGroup, apiGroupList, apiResourceList, apiVersions } from './discovery/discovery.js';
import { negotiate, parseMediaTypes } from './http/mediaTypes.js';
import { parseResourcePath } from './http/requestInfo.js';
import { writeJson, writeStatus } from './http/respond.js';
import { handleResource } from './handlers/resourceHandler.js';
import { openApiRouter, type OpenApiDocuments } from './openapi/index.js';
import { handleVirtualResource } from './handlers/virtualResources.js';
import { METRICS_GROUP, ResourceMetricsApi } from './metrics/index.js';
import { isPodStream, podStreamRequest, podStreamUpgrades, type KubeletClientConfig } from './handlers/podStreams/index.js';
import { userOf } from './http/user.js';
import type { ServiceAccountKeys } from './pki/serviceAccountKeys.js';
import { trackRequest } from './http/requestMetrics.js';
import type { ApiServerMetrics } from './metrics.js';
import { versionInfo } from './version.js';
import { logger } from '../log/index.js';

const log = logger('apiserver');

export interface ApiServerOptions {
  catalog: Catalog;
  registries: Registries;
  certificates: ClusterCertificates;
  metrics: ApiServerMetrics;
  serviceAccountKeys: ServiceAccountKeys;
  /** The OpenAPI documents served (built-in ones, and those of custom resources as they come). */
  openapi: OpenApiDocuments;
  port: number;
  host?: string;
  /** What the API server presents to kubelets for logs, exec, attach and port-forward
   * (default: the admin client certificate, no check of the kubelets' certificates). */
  kubeletClient?: KubeletClientConfig;
}

export interface RunningApiServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

const kubeletClientOf = (options: ApiServerOptions): KubeletClientConfig => options.kubeletClient ?? options.certificates.admin;

const notFound = () => StatusError.of(404, 'NotFound', 'the server could not find the requested resource', {});

/** The aggregated discovery version a client asks for, if any. */
function aggregatedVersion(accept: string | undefined): 'v2' | 'v2beta1' | undefined {
  for (const media of parseMediaTypes(accept)) {
    if (media.params.g === 'apidiscovery.k8s.io' && media.params.as === 'APIGroupDiscoveryList') {
      if (media.params.v === 'v2' || media.params.v === 'v2beta1') return media.params.v;
    }
  }
  return undefined;
}

function discovery(catalog: Catalog, serverAddress: () => string) {
  return (request: Request, response: Response) => {
    const legacy = request.path === '/api';
    const version = aggregatedVersion(request.headers.accept);
    response.setHeader('Vary', 'Accept');
    if (version) {
      writeJson(response, 200, aggregatedDiscovery(catalog, legacy, version),
        `application/json;g=apidiscovery.k8s.io;v=${version};as=APIGroupDiscoveryList`);
    } else {
      writeJson(response, 200, legacy ? apiVersions(serverAddress()) : apiGroupList(catalog));
    }
  };
}

export function apiApp(options: ApiServerOptions, serverAddress: () => string): express.Express {
  const { catalog, registries } = options;
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use((request, response, next) => {
    trackRequest(options.metrics, request, response, undefined, false);
    next();
  });
  const ok = (_request: Request, response: Response) => { response.type('text/plain').send('ok'); };
  app.get('/metrics', async (_request, response) => {
    for (const [resource, count] of await registries.objectCounts()) options.metrics.storageObjects.set({ resource }, count);
    response.type(options.metrics.registry.contentType).send(await options.metrics.registry.metrics());
  });
  app.get(['/healthz', '/livez', '/readyz'], ok);
  app.get('/version', (_request, response) => writeJson(response, 200, versionInfo()));
  app.use(openApiRouter(options.openapi));
  app.get(['/api', '/apis'], discovery(catalog, serverAddress));
  app.get('/apis/:group', (request, response, next) => {
    const document = apiGroup(catalog, String(request.params.group));
    if (!document) return next();
    writeJson(response, 200, document);
  });
  app.get(['/api/:version', '/apis/:group/:version'], (request, response, next) => {
    const list = apiResourceList(catalog, String(request.params.group ?? ''), String(request.params.version));
    if (!list) return next();
    writeJson(response, 200, list);
  });
  app.use((_request: Request, response: Response) => writeStatus(response, notFound()));
  app.use((error: unknown, _request: Request, response: Response, _next: NextFunction) => {
    if (error instanceof StatusError) return writeStatus(response, error);
    log.error('request failed', { error: error instanceof Error ? error.stack : String(error) });
    writeStatus(response, StatusError.internal(error instanceof Error ? error.message : String(error)));
  });
  return app;
}

/** Resource requests (/api/v1/..., /apis/<group>/<version>/...) skip express: they are the
 * hot path, and one URL parse serves routing, metrics and the handlers. */
function resourceRoute(options: ApiServerOptions) {
  const { catalog, registries } = options;
  const kubelet = kubeletClientOf(options);
  const resourceMetrics = new ResourceMetricsApi(kubelet);
  return (request: IncomingMessage, response: ServerResponse): boolean => {
    const url = new URL(request.url ?? '/', 'https://kubets');
    const watch = url.searchParams.get('watch');
    const info = parseResourcePath(request.method ?? 'GET', url.pathname, watch === 'true' || watch === '1');
    if (!info) return false;
    const resource = catalog.resource(info.group, info.version, info.resource);
    if (!resource || (info.namespace !== undefined && !resource.namespaced)) return false;
    trackRequest(options.metrics, request, response, info, url.searchParams.has('dryRun'));
    const store = registries.store(info.group, info.version, info.resource);
    const format = negotiate(request.headers.accept);
    const context = { info, registries, serviceAccountKeys: options.serviceAccountKeys, user: userOf(request), query: url.searchParams, request, response };
    const handled = !format
      ? Promise.reject(StatusError.notAcceptable(['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf']))
      : store ? (isPodStream(info) ? podStreamRequest({ ...context, store, format }, kubelet) : handleResource({ ...context, store, format }))
        : resource.group === METRICS_GROUP ? resourceMetrics.serve({ ...context, resource, format })
          : handleVirtualResource({ ...context, resource, format });
    handled.catch((error: unknown) => {
      if (error instanceof StatusError) return writeStatus(response, error);
      log.error('request failed', { error: error instanceof Error ? error.stack : String(error) });
      writeStatus(response, StatusError.internal(error instanceof Error ? error.message : String(error)));
    });
    return true;
  };
}

export async function startApiServer(options: ApiServerOptions): Promise<RunningApiServer> {
  let address = '';
  const app = apiApp(options, () => address);
  const resources = resourceRoute(options);
  const server: Server = createServer({
    cert: options.certificates.server.certificate,
    key: options.certificates.server.key,
    ca: options.certificates.ca.certificate,
    requestCert: true,
    rejectUnauthorized: false,
  }, (request, response) => {
    if (!resources(request, response)) app(request, response);
  });
  server.keepAliveTimeout = 120_000;
  const streams = podStreamUpgrades(options.registries, kubeletClientOf(options));
  server.on('upgrade', streams.handle);
  await options.registries.ready();
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  address = `${host}:${port}`;
  return {
    url: `https://${host}:${port}`,
    port,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
      streams.closeAll();
    }),
  };
}
