// Sends a cached document the way Go's http.ServeContent does, which is what the upstream
// OpenAPI handlers answer through: Last-Modified, the conditional requests (If-Match,
// If-Unmodified-Since, If-None-Match → 304, If-Modified-Since), a single byte Range (206/416),
// Accept-Ranges, HEAD without a body. With `gzip`, the body is compressed the way the
// gziphandler wrapping /openapi/v2 does it (only for clients accepting gzip, bodies of 1400
// bytes or more).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';

import type { ServedDocument } from './documents.js';

/** gziphandler's DefaultMinSize: smaller bodies go out uncompressed. */
const gzipMinSize = 1400;

export interface ServeOptions {
  /** Compress for clients that accept gzip (the v2 handler does; the v3 one does not). */
  gzip?: boolean;
}

export function serveContent(
  req: IncomingMessage,
  res: ServerResponse,
  document: ServedDocument,
  options: ServeOptions = {},
): void {
  const body = document.body;
  const modified = document.lastModified;
  res.setHeader('Last-Modified', modified.toUTCString());
  const etag = headerString(res.getHeader('ETag'));

  let precondition = checkIfMatch(req, etag);
  if (precondition === 'none') precondition = checkIfUnmodifiedSince(req, modified);
  if (precondition === 'false') {
    finish(res, 412);
    return;
  }
  const noneMatch = checkIfNoneMatch(req, etag);
  if (noneMatch === 'false') {
    if (isGetOrHead(req)) writeNotModified(res);
    else finish(res, 412);
    return;
  }
  if (noneMatch === 'none' && checkIfModifiedSince(req, modified) === 'false') {
    writeNotModified(res);
    return;
  }

  let rangeHeader = req.headers.range ?? '';
  if (rangeHeader !== '' && checkIfRange(req, etag, modified) === 'false') rangeHeader = '';
  const ranges = parseRange(rangeHeader, body.length);
  if (typeof ranges === 'string') {
    if (ranges === noOverlap) res.setHeader('Content-Range', `bytes */${body.length}`);
    serveError(res, ranges, 416);
    return;
  }
  let status = 200;
  let content = body;
  if (ranges.length === 1 && ranges[0].length <= body.length) {
    const [range] = ranges;
    status = 206;
    content = body.subarray(range.start, range.start + range.length);
    res.setHeader('Content-Range', `bytes ${range.start}-${range.start + range.length - 1}/${body.length}`);
  }
  res.setHeader('Accept-Ranges', 'bytes');
  res.setHeader('Content-Length', String(content.length));

  const compress = options.gzip === true && acceptsGzip(req) && req.method !== 'HEAD' && content.length >= gzipMinSize;
  if (compress) {
    res.setHeader('Content-Encoding', 'gzip');
    res.removeHeader('Content-Length');
    finish(res, status, status === 200 ? document.gzipped() : gzipSync(content));
    return;
  }
  finish(res, status, content);
}

/** Ends the response; HEAD requests get the headers only. */
export function finish(res: ServerResponse, status: number, body?: Buffer): void {
  res.statusCode = status;
  if (body === undefined || res.req?.method === 'HEAD') res.end();
  else res.end(body);
}

type Condition = 'none' | 'true' | 'false';

function isGetOrHead(req: IncomingMessage): boolean {
  return req.method === 'GET' || req.method === 'HEAD';
}

function headerString(value: number | string | string[] | undefined): string {
  if (value === undefined) return '';
  return Array.isArray(value) ? (value[0] ?? '') : String(value);
}

function writeNotModified(res: ServerResponse): void {
  res.removeHeader('Content-Type');
  res.removeHeader('Content-Length');
  res.removeHeader('Content-Encoding');
  if (headerString(res.getHeader('ETag')) !== '') res.removeHeader('Last-Modified');
  finish(res, 304);
}

function serveError(res: ServerResponse, text: string, status: number): void {
  for (const header of ['ETag', 'Last-Modified', 'Cache-Control', 'Content-Encoding', 'Content-Length']) {
    res.removeHeader(header);
  }
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  finish(res, status, Buffer.from(`${text}\n`));
}

/** Splits one entity tag off the front of a header list: [tag, rest], or undefined. */
function scanETag(text: string): [string, string] | undefined {
  const trimmed = text.trimStart();
  let start = 0;
  if (trimmed.startsWith('W/')) start = 2;
  if (trimmed[start] !== '"') return undefined;
  for (let i = start + 1; i < trimmed.length; i++) {
    const c = trimmed.charCodeAt(i);
    if (c === 0x22) return [trimmed.slice(0, i + 1), trimmed.slice(i + 1)];
    if (!(c === 0x21 || (c >= 0x23 && c <= 0x7e) || c >= 0x80)) return undefined;
  }
  return undefined;
}

function etagStrongMatch(a: string, b: string): boolean {
  return a === b && a !== '' && a[0] === '"';
}

function etagWeakMatch(a: string, b: string): boolean {
  return a.replace(/^W\//, '') === b.replace(/^W\//, '');
}

/** Walks a comma-separated list of entity tags; `*` and a match both return 'false'/'true'. */
function matchList(header: string, matches: (tag: string) => boolean): 'star' | 'match' | 'nomatch' {
  let rest = header;
  for (;;) {
    rest = rest.trim();
    if (rest === '') return 'nomatch';
    if (rest[0] === ',') {
      rest = rest.slice(1);
      continue;
    }
    if (rest[0] === '*') return 'star';
    const scanned = scanETag(rest);
    if (!scanned) return 'nomatch';
    if (matches(scanned[0])) return 'match';
    rest = scanned[1];
  }
}

function checkIfMatch(req: IncomingMessage, etag: string): Condition {
  const header = req.headers['if-match'];
  if (header === undefined || header === '') return 'none';
  const result = matchList(header, (tag) => etagStrongMatch(tag, etag));
  return result === 'nomatch' ? 'false' : 'true';
}

function checkIfNoneMatch(req: IncomingMessage, etag: string): Condition {
  const header = req.headers['if-none-match'];
  if (header === undefined || header === '') return 'none';
  const result = matchList(header, (tag) => etagWeakMatch(tag, etag));
  return result === 'nomatch' ? 'true' : 'false';
}

function parseHttpDate(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : time;
}

function wholeSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000) * 1000;
}

function checkIfUnmodifiedSince(req: IncomingMessage, modified: Date): Condition {
  const since = parseHttpDate(req.headers['if-unmodified-since']);
  if (since === undefined) return 'none';
  return wholeSeconds(modified) <= since ? 'true' : 'false';
}

function checkIfModifiedSince(req: IncomingMessage, modified: Date): Condition {
  if (!isGetOrHead(req)) return 'none';
  const since = parseHttpDate(req.headers['if-modified-since']);
  if (since === undefined) return 'none';
  return wholeSeconds(modified) <= since ? 'false' : 'true';
}

function checkIfRange(req: IncomingMessage, etag: string, modified: Date): Condition {
  if (!isGetOrHead(req)) return 'none';
  const header = headerString(req.headers['if-range']);
  if (header === '') return 'none';
  const scanned = scanETag(header);
  if (scanned) return etagStrongMatch(scanned[0], etag) ? 'true' : 'false';
  const time = parseHttpDate(header);
  if (time === undefined) return 'false';
  return Math.floor(time / 1000) === Math.floor(modified.getTime() / 1000) ? 'true' : 'false';
}

interface ByteRange {
  start: number;
  length: number;
}

const invalidRange = 'invalid range';
const noOverlap = 'invalid range: failed to overlap';

/** The byte ranges of a Range header, or the error text for a 416. Several ranges are all
 * returned; the caller serves only a single one (a multi-range request gets the whole body). */
function parseRange(header: string, size: number): ByteRange[] | string {
  if (header === '') return [];
  if (!header.startsWith('bytes=')) return invalidRange;
  const ranges: ByteRange[] = [];
  let sawNoOverlap = false;
  for (const part of header.slice('bytes='.length).split(',')) {
    const spec = part.trim();
    if (spec === '') continue;
    const dash = spec.indexOf('-');
    if (dash < 0) return invalidRange;
    const start = spec.slice(0, dash).trim();
    const end = spec.slice(dash + 1).trim();
    if (start === '') {
      if (!/^[0-9]+$/.test(end)) return invalidRange;
      const suffix = Math.min(Number(end), size);
      ranges.push({ start: size - suffix, length: suffix });
      continue;
    }
    if (!/^[0-9]+$/.test(start)) return invalidRange;
    const first = Number(start);
    if (first >= size) {
      sawNoOverlap = true;
      continue;
    }
    if (end === '') {
      ranges.push({ start: first, length: size - first });
      continue;
    }
    if (!/^[0-9]+$/.test(end) || first > Number(end)) return invalidRange;
    const last = Math.min(Number(end), size - 1);
    ranges.push({ start: first, length: last - first + 1 });
  }
  if (sawNoOverlap && ranges.length === 0) return noOverlap;
  const total = ranges.reduce((sum, r) => sum + r.length, 0);
  return total > size ? [] : ranges;
}

/** Whether Accept-Encoding lists gzip with a non-zero quality. */
function acceptsGzip(req: IncomingMessage): boolean {
  const header = headerString(req.headers['accept-encoding']);
  for (const part of header.split(',')) {
    const [coding, ...params] = part.split(';').map((s) => s.trim());
    if (coding !== 'gzip') continue;
    let quality = 1;
    for (const param of params) {
      const [name, value] = param.split('=').map((s) => s.trim());
      if (name === 'q') quality = Number(value);
    }
    return quality > 0;
  }
  return false;
}
