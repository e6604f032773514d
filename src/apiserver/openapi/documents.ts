// The OpenAPI documents the API server publishes, as ready-to-send bytes with their hashes.
// Built-in documents come from the pinned upstream v1.33 documents fetched into
// src/generated/openapi (copied there by hack/generate-discovery.mjs), limited to the group-versions kubets
// serves; they are read on first use, once. `set`/`delete` add or replace documents at run time
// (custom resources): every change drops the affected cached bytes, so the next request
// re-encodes them and gets new hashes.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

import { generatedPath } from '../../api/index.js';
import { Catalog } from '../../registry/catalog.js';
import { encodeGnosticDocument } from './gnosticDocument.js';
import { goJsonBytes } from './goJson.js';
import { restrictSwagger, servedDocumentPaths } from './swaggerSubset.js';
import type { JsonObject, ServedGroup } from './swaggerSubset.js';

/** Upper-case hex SHA-512: upstream's document hash and ETag. */
export function documentHash(bytes: Uint8Array): string {
  return createHash('sha512').update(bytes).digest('hex').toUpperCase();
}

/** One encoded document: its bytes, hash (used as ETag and `?hash=`), and when it was built. */
export class ServedDocument {
  readonly hash: string;
  readonly lastModified = new Date();
  private gzipBody: Buffer | undefined;

  constructor(readonly body: Buffer, hash?: string) {
    this.hash = hash ?? documentHash(body);
  }

  /** The body gzip-compressed, computed once. */
  gzipped(): Buffer {
    this.gzipBody ??= gzipSync(this.body);
    return this.gzipBody;
  }
}

/** What a run-time addition contributes to /openapi/v2 (merged over the built-in document). */
export interface SwaggerFragment {
  paths?: JsonObject;
  definitions?: JsonObject;
}

export interface OpenApiDocumentsOptions {
  /** Folder holding v2/swagger.json and v3/*.json; default `src/generated/openapi`. */
  upstreamDir?: string;
  /** The served groups and versions; default: the built-in catalog's. */
  groups?: readonly ServedGroup[];
  /** Non-resource documents to publish too (v3 path and v2 path prefix); default `['version']`. */
  nonResourcePaths?: readonly string[];
}

interface BuiltIn {
  /** The restricted swagger document. */
  swagger: JsonObject;
  /** Built-in v3 documents by path (bytes built on demand). */
  v3Files: Map<string, string>;
}

export class OpenApiDocuments {
  private readonly upstreamDir: string;
  private readonly groups: readonly ServedGroup[] | undefined;
  private readonly nonResourcePaths: readonly string[];
  private builtIn: BuiltIn | undefined;
  /** Encoded v3 documents by path, built-in and added. */
  private readonly v3Documents = new Map<string, ServedDocument>();
  /** Paths `set` replaced or `delete` removed: the built-in file no longer applies. */
  private readonly overridden = new Set<string>();
  private readonly fragments = new Map<string, SwaggerFragment>();
  private index: ServedDocument | undefined;
  private v2JsonDocument: ServedDocument | undefined;
  private v2ProtobufDocument: ServedDocument | undefined;

  constructor(options: OpenApiDocumentsOptions = {}) {
    this.upstreamDir = options.upstreamDir ?? generatedPath('openapi');
    this.groups = options.groups;
    this.nonResourcePaths = options.nonResourcePaths ?? ['version'];
  }

  /** The document paths /openapi/v3 lists, sorted. */
  v3Paths(): string[] {
    const builtIn = this.load();
    const paths = new Set<string>();
    for (const path of builtIn.v3Files.keys()) if (!this.overridden.has(path)) paths.add(path);
    for (const path of this.v3Documents.keys()) paths.add(path);
    return [...paths].sort();
  }

  /** One v3 document (`api/v1`, `apis/apps/v1`, ...), or undefined when none is published. */
  v3(path: string): ServedDocument | undefined {
    const cached = this.v3Documents.get(path);
    if (cached) return cached;
    const file = this.overridden.has(path) ? undefined : this.load().v3Files.get(path);
    if (file === undefined) return undefined;
    const document = new ServedDocument(goJsonBytes(JSON.parse(readFileSync(file, 'utf8'))));
    this.v3Documents.set(path, document);
    return document;
  }

  /** The /openapi/v3 discovery document: every path with its hash-pinned URL. */
  v3Index(): ServedDocument {
    if (this.index) return this.index;
    const paths: Record<string, { serverRelativeURL: string }> = {};
    for (const path of this.v3Paths()) {
      paths[path] = { serverRelativeURL: serverRelativeUrl(path, this.v3(path)!.hash) };
    }
    this.index = new ServedDocument(goJsonBytes({ paths }));
    return this.index;
  }

  /** /openapi/v2 as JSON. */
  v2Json(): ServedDocument {
    this.v2JsonDocument ??= new ServedDocument(goJsonBytes(this.swagger()));
    return this.v2JsonDocument;
  }

  /** /openapi/v2 as gnostic's protobuf Document; its hash is the JSON form's, as upstream. */
  v2Protobuf(): ServedDocument {
    if (this.v2ProtobufDocument) return this.v2ProtobufDocument;
    const json = this.v2Json();
    const swagger = JSON.parse(json.body.toString('utf8')) as JsonObject;
    this.v2ProtobufDocument = new ServedDocument(Buffer.from(encodeGnosticDocument(swagger)), json.hash);
    return this.v2ProtobufDocument;
  }

  /**
   * Publishes (or replaces) the v3 document at `path` (e.g. `apis/stable.example.com/v1`) and,
   * when given, merges `swagger` (paths and definitions) into /openapi/v2; without it, an earlier
   * /openapi/v2 part of `path` is dropped. The seam for custom resources.
   */
  set(path: string, document: JsonObject, swagger?: SwaggerFragment): void {
    this.overridden.add(path);
    this.v3Documents.set(path, new ServedDocument(goJsonBytes(document)));
    this.index = undefined;
    if (swagger !== undefined || this.fragments.has(path)) {
      if (swagger === undefined) this.fragments.delete(path);
      else this.fragments.set(path, swagger);
      this.dropV2();
    }
  }

  /** Stops publishing the document at `path` (and its /openapi/v2 fragment). */
  delete(path: string): void {
    this.overridden.add(path);
    this.v3Documents.delete(path);
    this.index = undefined;
    if (this.fragments.delete(path)) this.dropV2();
  }

  /** Reads and encodes every document now rather than on the first requests. */
  warm(): void {
    this.v3Index();
    this.v2Protobuf();
  }

  private dropV2(): void {
    this.v2JsonDocument = undefined;
    this.v2ProtobufDocument = undefined;
  }

  /** The served swagger document: built-in paths and definitions, then the fragments. */
  private swagger(): JsonObject {
    const base = this.load().swagger;
    if (this.fragments.size === 0) return base;
    const paths = { ...(base.paths as JsonObject) };
    const definitions = { ...(base.definitions as JsonObject) };
    for (const fragment of this.fragments.values()) {
      Object.assign(paths, fragment.paths ?? {});
      Object.assign(definitions, fragment.definitions ?? {});
    }
    return { ...base, paths, definitions };
  }

  private load(): BuiltIn {
    if (this.builtIn) return this.builtIn;
    const swaggerFile = join(this.upstreamDir, 'v2', 'swagger.json');
    if (!existsSync(swaggerFile)) {
      throw new Error(`${swaggerFile} is missing: run \`npm run setup\` (or \`npm run fetch-api\`)`);
    }
    const groups = this.groups ?? Catalog.builtIn().groups;
    const paths = servedDocumentPaths(groups, this.nonResourcePaths);
    const v3Files = new Map<string, string>();
    for (const path of paths) {
      const file = join(this.upstreamDir, 'v3', `${path.split('/').join('__')}_openapi.json`);
      if (existsSync(file)) v3Files.set(path, file);
    }
    const full = JSON.parse(readFileSync(swaggerFile, 'utf8')) as JsonObject;
    const swagger = restrictSwagger(full, new Set(paths), this.nonResourcePaths);
    this.builtIn = { swagger, v3Files };
    return this.builtIn;
  }
}

/** `/openapi/v3/<path>?hash=<hash>`, as upstream builds it. */
export function serverRelativeUrl(path: string, hash: string): string {
  return `/openapi/v3/${path}?hash=${encodeURIComponent(hash)}`;
}
