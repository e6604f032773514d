// Request bodies: read with a size limit, then decoded from JSON, YAML or Kubernetes protobuf
// into the JSON object the registry works on. Bad input gets upstream's 400/413/415 Status.
import type { IncomingMessage } from 'node:http';
import { parseDocument } from 'yaml';
import { decodeProtobufObject, ProtobufCodecError } from '../../api/index.js';
import type { KubeObject } from '../../registry/object.js';
import { StatusError } from '../../registry/statusError.js';
import { ACCEPTED_BODY_TYPES, JSON_TYPE, parseMediaTypes, PROTOBUF_TYPE, YAML_TYPE } from './mediaTypes.js';

/** Upstream's limit on a request body (3 MiB). */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;

export async function readBody(request: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > limit) {
    request.resume();
    throw StatusError.tooLarge(limit);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      request.resume();
      throw StatusError.tooLarge(limit);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export function mediaTypeOf(contentType: string | undefined): string {
  return parseMediaTypes(contentType)[0]?.type ?? JSON_TYPE;
}

/** Decodes an object body by its Content-Type. */
export function decodeObject(body: Buffer, contentType: string | undefined): KubeObject {
  const type = mediaTypeOf(contentType);
  let value: unknown;
  if (type === JSON_TYPE) value = parseJson(body);
  else if (type === YAML_TYPE) value = parseYaml(body);
  else if (type === PROTOBUF_TYPE) value = parseProtobuf(body);
  else throw StatusError.unsupportedMediaType(type, ACCEPTED_BODY_TYPES);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw StatusError.badRequest(`Object 'Kind' is missing in '${body.toString().slice(0, 200)}'`);
  }
  return value as KubeObject;
}

export function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString());
  } catch (error) {
    throw StatusError.badRequest(`couldn't get version/kind; json parse error: ${(error as Error).message}`);
  }
}

export function parseYaml(body: Buffer): unknown {
  const document = parseDocument(body.toString(), { uniqueKeys: false });
  if (document.errors.length > 0) {
    throw StatusError.badRequest(`error converting YAML to JSON: ${document.errors[0].message.split('\n')[0]}`);
  }
  return document.toJS();
}

function parseProtobuf(body: Buffer): unknown {
  try {
    return decodeProtobufObject(body);
  } catch (error) {
    if (error instanceof ProtobufCodecError) throw StatusError.badRequest(error.message);
    throw error;
  }
}
