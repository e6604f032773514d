// One API request as the handlers see it: what it addresses, its query, the store that serves
// it and the format of the answer.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fieldManagerName } from '../../patch/index.js';
import { WarningRecorder } from '../fieldValidation/index.js';
import type { Registries } from '../../registry/registries.js';
import type { Store } from '../../registry/store.js';
import { StatusError } from '../../registry/statusError.js';
import type { ResponseFormat } from '../http/mediaTypes.js';
import type { UserInfo } from '../http/user.js';
import type { ServiceAccountKeys } from '../pki/serviceAccountKeys.js';
import type { RequestInfo } from '../http/requestInfo.js';
import type { IncludeObject } from './tables.js';

/** What every request handler may use of the server. */
export interface ServerContext {
  registries: Registries;
  serviceAccountKeys: ServiceAccountKeys;
}

export interface ApiRequest extends ServerContext {
  info: RequestInfo;
  store: Store;
  user: UserInfo;
  query: URLSearchParams;
  format: ResponseFormat;
  request: IncomingMessage;
  response: ServerResponse;
}

export function flag(query: URLSearchParams, name: string): boolean | undefined {
  const value = query.get(name);
  if (value === null) return undefined;
  return value === '' || value === 'true' || value === '1';
}

export function integer(query: URLSearchParams, name: string): number | undefined {
  const value = query.get(name);
  if (value === null || value === '') return undefined;
  if (!/^-?\d+$/.test(value)) throw StatusError.badRequest(`invalid value for ${name}: "${value}"`);
  return Number(value);
}

export function dryRun(query: URLSearchParams): boolean {
  const values = query.getAll('dryRun');
  for (const value of values) {
    if (value !== 'All') throw StatusError.badRequest(`Invalid dryRun value: unsupported dry run option "${value}"; supported options: "All"`);
  }
  return values.length > 0;
}

/** Sends collected warnings as `Warning` headers (call before the answer is written), after
 * the deprecation warning of the version addressed, if it has one. */
export function sendWarnings(
  r: { store: { info: { deprecationWarning?: string } }; response: { setHeader(name: string, value: string[]): unknown } },
  warnings: readonly string[],
): void {
  const deprecation = r.store.info.deprecationWarning;
  const all = deprecation ? [deprecation, ...warnings] : warnings;
  if (all.length === 0) return;
  const recorder = new WarningRecorder();
  for (const warning of all) recorder.add(warning);
  r.response.setHeader('Warning', recorder.headerValues());
}

/** The manager a write's field ownership is recorded under: `fieldManager`, or else the
 * client's program name from its User-Agent. */
export function fieldManager(r: { query: URLSearchParams; request: { headers: Record<string, string | string[] | undefined> } }): string {
  const userAgent = r.request.headers['user-agent'];
  return fieldManagerName(r.query.get('fieldManager') ?? undefined, typeof userAgent === 'string' ? userAgent : '');
}

export function includeObject(query: URLSearchParams): IncludeObject {
  const value = query.get('includeObject') ?? 'Metadata';
  if (value !== 'None' && value !== 'Metadata' && value !== 'Object') {
    throw StatusError.badRequest(`unrecognized includeObject value: "${value}"`);
  }
  return value;
}
