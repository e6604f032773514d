// Static legacy discovery for tests that point a real kubectl at the OpenAPI router: /api,
// /apis and the per group-version APIResourceLists, built from the generated catalog
// (src/generated/discovery/resources.json). Requests for aggregated discovery get the plain
// JSON forms with Content-Type application/json, which makes clients fall back to the legacy
// documents.
import { Router } from 'express';
import type { Request, Response } from 'express';

import { readGeneratedJson } from '../../../src/api/index.js';

interface CatalogResource {
  group: string;
  version: string;
  resource: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  verbs: string[];
  shortNames?: string[];
  categories?: string[];
  storageVersionHash?: string;
  subresources: { name: string; kind: string; group?: string; version?: string; verbs: string[] }[];
}

interface CatalogFile {
  groups: { name: string; preferredVersion: string; versions: string[] }[];
  resources: CatalogResource[];
}

function apiResourceList(file: CatalogFile, group: string, version: string): object {
  const groupVersion = group === '' ? version : `${group}/${version}`;
  const resources: object[] = [];
  for (const r of file.resources.filter((x) => x.group === group && x.version === version)) {
    resources.push({
      name: r.resource,
      singularName: r.singular,
      namespaced: r.namespaced,
      kind: r.kind,
      verbs: r.verbs,
      ...(r.shortNames ? { shortNames: r.shortNames } : {}),
      ...(r.categories ? { categories: r.categories } : {}),
      ...(r.storageVersionHash ? { storageVersionHash: r.storageVersionHash } : {}),
    });
    for (const sub of r.subresources) {
      resources.push({
        name: `${r.resource}/${sub.name}`,
        singularName: '',
        namespaced: r.namespaced,
        ...(sub.group !== undefined ? { group: sub.group, version: sub.version } : {}),
        kind: sub.kind,
        verbs: sub.verbs,
      });
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion, resources };
}

function sendJson(res: Response, body: object): void {
  const bytes = Buffer.from(JSON.stringify(body));
  res.status(200).setHeader('Content-Type', 'application/json');
  res.setHeader('Content-Length', String(bytes.length));
  res.end(bytes);
}

/** A Router serving the legacy discovery documents for the built-in catalog. */
export function discoveryStub(): Router {
  const file = readGeneratedJson<CatalogFile>('discovery/resources.json');
  const router = Router({ strict: false });
  router.get('/api', (req: Request, res: Response) => {
    const address = `${req.socket.localAddress}:${req.socket.localPort}`;
    sendJson(res, {
      kind: 'APIVersions',
      versions: ['v1'],
      serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: address }],
    });
  });
  router.get('/apis', (_req: Request, res: Response) => {
    const groups = file.groups
      .filter((g) => g.name !== '')
      .map((g) => ({
        name: g.name,
        versions: g.versions.map((v) => ({ groupVersion: `${g.name}/${v}`, version: v })),
        preferredVersion: { groupVersion: `${g.name}/${g.preferredVersion}`, version: g.preferredVersion },
      }));
    sendJson(res, { kind: 'APIGroupList', apiVersion: 'v1', groups });
  });
  router.get('/api/v1', (_req: Request, res: Response) => sendJson(res, apiResourceList(file, '', 'v1')));
  router.get('/apis/:group/:version', (req: Request, res: Response) => {
    const group = String(req.params.group);
    const version = String(req.params.version);
    const known = file.groups.find((g) => g.name === group)?.versions.includes(version);
    if (!known) {
      res.status(404).end();
      return;
    }
    sendJson(res, apiResourceList(file, group, version));
  });
  return router;
}
