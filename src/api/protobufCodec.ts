// The Kubernetes protobuf wire format of one object (Content-Type
// application/vnd.kubernetes.protobuf): the magic prefix `k8s\0`, then a runtime.Unknown
// message {typeMeta{apiVersion, kind}, raw, contentEncoding, contentType} whose `raw` is the
// k8s.io/api message of that kind. decode gives exactly the JSON object that the JSON wire
// format carries for the same Go object; encode is its reverse.
import type { Type } from 'protobufjs';

import { JsonToProtobuf } from './jsonToProtobuf.js';
import { protoSchema } from './protoSchema.js';
import type { ProtoSchema } from './protoSchema.js';
import { isProtobufEnvelope, PROTOBUF_MAGIC, ProtobufToJson } from './protobufToJson.js';

export const PROTOBUF_CONTENT_TYPE = 'application/vnd.kubernetes.protobuf';

/** A body that is not a well-formed Kubernetes protobuf object (the API server answers 400). */
export class ProtobufCodecError extends Error {
  override name = 'ProtobufCodecError';
}

export type JsonObject = { [key: string]: unknown };

interface Codec {
  schema: ProtoSchema;
  toJson: ProtobufToJson;
  fromJson: JsonToProtobuf;
}
let codec: Codec | undefined;

function load(): Codec {
  if (!codec) {
    const schema = protoSchema();
    const toJson = new ProtobufToJson(schema, (raw) => decodeProtobufObject(raw) as never);
    codec = { schema, toJson, fromJson: new JsonToProtobuf(schema) };
  }
  return codec;
}

function kindType(schema: ProtoSchema, apiVersion: string, kind: string): Type {
  const type = schema.kindType(apiVersion, kind);
  if (!type) {
    throw new ProtobufCodecError(
      `no kind ${JSON.stringify(kind)} is registered for version ${JSON.stringify(apiVersion)} in the protobuf schema`,
    );
  }
  return type;
}

const reason = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** Decodes a Kubernetes protobuf body into the object's JSON form. */
export function decodeProtobufObject(body: Uint8Array): JsonObject {
  if (!isProtobufEnvelope(body)) {
    throw new ProtobufCodecError('not a Kubernetes protobuf object: the body does not start with "k8s\\x00"');
  }
  const { schema, toJson } = load();
  let envelope: Record<string, unknown>;
  try {
    envelope = schema.envelope.decode(body.subarray(PROTOBUF_MAGIC.length)) as never;
  } catch (err) {
    throw new ProtobufCodecError(`invalid protobuf envelope (runtime.Unknown): ${reason(err)}`);
  }
  const typeMeta = (envelope['typeMeta'] ?? {}) as { apiVersion?: string; kind?: string };
  const apiVersion = typeMeta.apiVersion ?? '';
  const kind = typeMeta.kind ?? '';
  const encoding = (envelope['contentEncoding'] as string | undefined) ?? '';
  if (encoding !== '') throw new ProtobufCodecError(`unsupported protobuf content encoding ${JSON.stringify(encoding)}`);
  const type = kindType(schema, apiVersion, kind);
  const raw = (envelope['raw'] as Uint8Array | undefined) ?? new Uint8Array();
  try {
    const message = type.decode(raw) as never;
    const out: JsonObject = {};
    if (kind) out['kind'] = kind;
    if (apiVersion) out['apiVersion'] = apiVersion;
    toJson.fieldsInto(schema.plan(type), message, out as never);
    return out;
  } catch (err) {
    if (err instanceof ProtobufCodecError) throw err;
    throw new ProtobufCodecError(`invalid protobuf ${apiVersion} ${kind}: ${reason(err)}`);
  }
}

/** Encodes an object (with apiVersion and kind) into the Kubernetes protobuf form. */
export function encodeProtobufObject(obj: JsonObject): Uint8Array {
  const { apiVersion, kind } = obj;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') {
    throw new ProtobufCodecError('the object needs string apiVersion and kind to be encoded as protobuf');
  }
  const { schema, fromJson } = load();
  const type = kindType(schema, apiVersion, kind);
  let raw: Uint8Array;
  try {
    raw = type.encode(fromJson.message(type, obj, kind)).finish();
  } catch (err) {
    throw new ProtobufCodecError(`cannot encode ${apiVersion} ${kind} as protobuf: ${reason(err)}`);
  }
  const envelope = schema.envelope
    .encode({ typeMeta: { apiVersion, kind }, raw, contentEncoding: '', contentType: '' })
    .finish();
  const out = new Uint8Array(PROTOBUF_MAGIC.length + envelope.length);
  out.set(PROTOBUF_MAGIC, 0);
  out.set(envelope, PROTOBUF_MAGIC.length);
  return out;
}
