// The HTTP side of /openapi/v2 and /openapi/v3, answering as kube-openapi's handlers do:
//   /openapi/v2       JSON or gnostic protobuf by Accept (406 otherwise), ETag, gzip, Vary.
//   /openapi/v3       the discovery document listing each path with its `?hash=` URL.
//   /openapi/v3/<p>   one document. With the current `?hash=`: `Cache-Control: public,
//                     immutable` and Expires a year out; with a stale hash: 301 to the current
//                     URL; unknown <p>: 200 with an empty body (upstream's answer). JSON only:
//                     the v3 protobuf media types are not offered, so asking only for them is a 406.
// Responses carry `Cache-Control: no-cache, private` unless set otherwise, as the API server's
// filter chain adds it.
import { Router } from 'express';
import type { Request, Response } from 'express';

import { negotiateMediaType } from './accept.js';
import type { OpenApiDocuments } from './documents.js';
import { serverRelativeUrl } from './documents.js';
import { finish, serveContent } from './serveContent.js';

export const JSON_MEDIA_TYPE = 'application/json';
/** The protobuf media type clients ask for on /openapi/v2. */
export const PROTOBUF_V2_MEDIA_TYPE = 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf';
/** The media type upstream answers (and also accepts) for the v2 protobuf. */
export const PROTOBUF_V2_CONTENT_TYPE = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';

const v2Offers = [JSON_MEDIA_TYPE, PROTOBUF_V2_MEDIA_TYPE, PROTOBUF_V2_CONTENT_TYPE] as const;
const v3Offers = [JSON_MEDIA_TYPE] as const;
const v3Prefix = '/openapi/v3/';

/**
 * An express Router serving /openapi/v2, /openapi/v3 and /openapi/v3/*. Mount it at the root:
 * `app.use(openApiRouter(documents))`.
 */
export function openApiRouter(documents: OpenApiDocuments): Router {
  const router = Router({ caseSensitive: true, strict: true });
  router.get('/openapi/v2', (req, res) => serveV2(documents, req, res));
  router.get('/openapi/v3', (req, res) => serveV3Index(documents, req, res));
  router.get(/^\/openapi\/v3\/.*$/, (req, res) => serveV3Document(documents, req, res));
  return router;
}

function defaultCacheControl(res: Response): void {
  if (!res.hasHeader('Cache-Control')) res.setHeader('Cache-Control', 'no-cache, private');
}

/** GET /openapi/v2: JSON or gnostic protobuf, gzip for clients taking it. */
export function serveV2(documents: OpenApiDocuments, req: Request, res: Response): void {
  defaultCacheControl(res);
  res.setHeader('Vary', ['Accept-Encoding', 'Accept']);
  const media = negotiateMediaType(req.headers.accept, v2Offers);
  if (media === undefined) {
    finish(res, 406);
    return;
  }
  const document = media === JSON_MEDIA_TYPE ? documents.v2Json() : documents.v2Protobuf();
  res.setHeader('Content-Type', media === JSON_MEDIA_TYPE ? JSON_MEDIA_TYPE : PROTOBUF_V2_CONTENT_TYPE);
  res.setHeader('ETag', `"${document.hash}"`);
  serveContent(req, res, document, { gzip: true });
}

/** GET /openapi/v3: the paths and their hash-pinned URLs. */
export function serveV3Index(documents: OpenApiDocuments, req: Request, res: Response): void {
  defaultCacheControl(res);
  const index = documents.v3Index();
  res.setHeader('ETag', `"${index.hash}"`);
  res.setHeader('Content-Type', JSON_MEDIA_TYPE);
  serveContent(req, res, index);
}

/** GET /openapi/v3/<path>: one group-version's (or group's) document. */
export function serveV3Document(documents: OpenApiDocuments, req: Request, res: Response): void {
  defaultCacheControl(res);
  res.setHeader('Vary', 'Accept');
  const media = negotiateMediaType(req.headers.accept, v3Offers);
  if (media === undefined) {
    finish(res, 406);
    return;
  }
  const path = decodePath(req.path).slice(v3Prefix.length);
  const document = documents.v3(path);
  if (document === undefined) {
    finish(res, 200);
    return;
  }
  res.setHeader('Content-Type', media);
  res.setHeader('ETag', `"${document.hash}"`);
  const hash = typeof req.query.hash === 'string' ? req.query.hash : Array.isArray(req.query.hash) ? String(req.query.hash[0]) : '';
  if (hash !== '') {
    if (hash !== document.hash) {
      res.setHeader('Location', serverRelativeUrl(path, document.hash));
      finish(res, 301);
      return;
    }
    res.setHeader('Cache-Control', 'public, immutable');
    res.setHeader('Expires', oneYearFromNow());
  }
  serveContent(req, res, document);
}

function decodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/** Go's time.RFC1123 layout for now plus one year, in UTC (`Mon, 02 Jan 2006 15:04:05 UTC`). */
function oneYearFromNow(): string {
  const date = new Date();
  date.setUTCFullYear(date.getUTCFullYear() + 1);
  return date.toUTCString().replace(/GMT$/, 'UTC');
}
