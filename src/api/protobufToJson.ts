// Turns a decoded k8s.io/api protobuf message into the JSON object Go's encoding/json gives for
// the same Go struct. The Go struct tags (via ProtoSchema) decide:
// - non-pointer scalars: always present in the protobuf; in JSON unless `omitempty` and zero
// - pointers, slices, maps, []byte: present only when set; when not set, omitted with
//   `omitempty`, else `null` (Go's nil)
// - non-pointer structs: always in JSON, `omitempty` or not (`"status": {}`)
// - inlined structs (`json:",inline"`): their fields go into the parent object
// - types with their own JSON form: Time/MicroTime (RFC 3339, zero is null), Duration (Go
//   duration string), Quantity (its string), IntOrString (number or string), RawExtension,
//   FieldsV1 and Unknown (their raw JSON), GroupVersion ("group/version")
// - bytes: base64; int64: a JSON number (exact up to 2^53); map keys sorted as Go sorts them.
import type { Field, Message, Type } from 'protobufjs';

import { formatGoDuration } from './goDuration.js';
import { formatRfc3339, GO_ZERO_TIME_UNIX } from './goTime.js';
import type { GoField } from './goSchema.js';
import { asMessageType, type MessagePlan, type ProtoSchema } from './protoSchema.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };
/** A decoded protobufjs message: fields set from the wire are own properties. */
type Decoded = Message & Record<string, unknown>;

/** Decodes the raw bytes of a nested embedded object (RawExtension holding protobuf). */
export type NestedDecoder = (raw: Uint8Array) => Json;

const own = (m: object, key: string): boolean => Object.prototype.hasOwnProperty.call(m, key);

export class ProtobufToJson {
  constructor(
    private readonly schema: ProtoSchema,
    private readonly nested: NestedDecoder,
  ) {}

  /** JSON of a message value; `msg` undefined means the Go zero value of the struct. */
  message(type: Type, msg: Decoded | undefined): Json {
    const plan = this.schema.plan(type);
    if (plan.facts.special) return this.special(plan, msg);
    if (plan.facts.sliceOf !== undefined) {
      const items = msg?.['items'] as unknown[] | undefined;
      const itemField = type.fieldsById[1]!;
      return (items ?? []).map((v) => this.single(itemField, v));
    }
    const out: JsonObject = {};
    this.fieldsInto(plan, msg, out);
    return out;
  }

  /** Writes the JSON fields of a struct into `out` (which may be a parent, for inlined ones). */
  fieldsInto(plan: MessagePlan, msg: Decoded | undefined, out: JsonObject): void {
    for (const { go, proto, type } of plan.fields) {
      if (!proto) {
        // not in the protobuf form: the Go zero value
        if (go.inline && type) this.fieldsInto(this.schema.plan(type), undefined, out);
        else if (go.pointer || go.kind === 'slice' || go.kind === 'map' || go.kind === 'bytes') {
          if (!go.omitempty) out[go.json] = null;
        } else if (go.kind === 'struct') out[go.json] = {};
        continue;
      }
      const sub = msg?.[proto.name];
      if (go.inline && type) {
        this.fieldsInto(this.schema.plan(type), present(msg, proto) ? (sub as Decoded) : undefined, out);
        continue;
      }
      if (!present(msg, proto)) {
        if (go.pointer || go.kind === 'slice' || go.kind === 'map' || go.kind === 'bytes') {
          if (!go.omitempty) out[go.json] = null;
        } else if (type) {
          out[go.json] = this.message(type, undefined);
        } else if (!go.omitempty) {
          out[go.json] = zeroScalar(proto.type);
        }
        continue;
      }
      if (proto.map) {
        const map = sub as Record<string, unknown>;
        const obj: JsonObject = {};
        for (const key of Object.keys(map).sort()) obj[key] = this.single(proto, map[key]);
        out[go.json] = obj;
      } else if (proto.repeated) {
        out[go.json] = (sub as unknown[]).map((v) => this.single(proto, v));
      } else {
        const value = this.single(proto, sub);
        if (go.omitempty && !go.pointer && isEmpty(go, value)) continue;
        out[go.json] = value;
      }
    }
  }

  /** One value of a field (an element, for repeated and map fields). */
  private single(field: Field, v: unknown): Json {
    const type = asMessageType(field.resolvedType);
    if (type) return this.message(type, v as Decoded);
    return scalar(field.type, v);
  }

  private special(plan: MessagePlan, msg: Decoded | undefined): Json {
    const name = plan.type.fullName.slice(1);
    const has = (key: string): boolean => msg !== undefined && own(msg, key);
    switch (plan.facts.special) {
      case 'Time':
      case 'MicroTime': {
        // an empty message is Go's zero time, which marshals as null
        if (!msg || (!has('seconds') && !has('nanos'))) return null;
        const seconds = toNumber(msg['seconds'] ?? 0);
        if (plan.facts.special === 'Time') return seconds === GO_ZERO_TIME_UNIX ? null : formatRfc3339(seconds);
        // Go normalises nanos outside [0, 1e9) into the seconds; micro precision, truncated
        const nanos = toNumber(msg['nanos'] ?? 0);
        const total = seconds + Math.floor(nanos / 1e9);
        const micros = Math.floor((((nanos % 1e9) + 1e9) % 1e9) / 1000);
        if (total === GO_ZERO_TIME_UNIX && micros === 0) return null;
        return formatRfc3339(total, micros);
      }
      case 'Duration':
        return formatGoDuration(has('duration') ? toBigInt(msg!['duration']) : 0n);
      case 'Quantity': {
        if (!has('string')) return '0';
        const text = msg!['string'] as string;
        if (text === '') throw new Error(`${name}: an empty string is not a quantity`);
        return text;
      }
      case 'IntOrString': {
        const kind = toNumber(msg?.['type'] ?? 0);
        if (kind === 0) return toNumber(msg?.['intVal'] ?? 0);
        if (kind === 1) return (msg?.['strVal'] as string | undefined) ?? '';
        throw new Error(`${name}: impossible IntOrString.Type ${kind}`);
      }
      case 'RawExtension':
      case 'Unknown':
        return this.rawJson(name, has('raw') ? (msg!['raw'] as Uint8Array) : undefined);
      case 'FieldsV1':
        return this.rawJson(name, has('Raw') ? (msg!['Raw'] as Uint8Array) : undefined);
      case 'GroupVersion': {
        const group = (msg?.['group'] as string | undefined) ?? '';
        const version = (msg?.['version'] as string | undefined) ?? '';
        return group === '' ? version : `${group}/${version}`;
      }
      default:
        throw new Error(`${name}: unhandled special type ${String(plan.facts.special)}`);
    }
  }

  /** Raw bytes that are JSON (or, in a RawExtension, a nested protobuf object). nil → null. */
  private rawJson(name: string, raw: Uint8Array | undefined): Json {
    if (raw === undefined) return null;
    if (isProtobufEnvelope(raw)) return this.nested(raw);
    const text = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('utf8');
    try {
      return JSON.parse(text) as Json;
    } catch (err) {
      throw new Error(`${name}: raw bytes are not JSON: ${(err as Error).message}`);
    }
  }
}

export const PROTOBUF_MAGIC = Uint8Array.of(0x6b, 0x38, 0x73, 0x00); // "k8s\0"

export function isProtobufEnvelope(data: Uint8Array): boolean {
  return data.length >= 4 && PROTOBUF_MAGIC.every((b, i) => data[i] === b);
}

function present(msg: Decoded | undefined, field: Field): boolean {
  if (!msg) return false;
  const v = msg[field.name];
  if (field.map) return v !== null && typeof v === 'object' && Object.keys(v).length > 0;
  if (field.repeated) return Array.isArray(v) && v.length > 0;
  return own(msg, field.name);
}

type LongLike = { toNumber(): number; toString(): string };

function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (v !== null && typeof v === 'object' && 'toNumber' in v) return (v as LongLike).toNumber();
  return Number(v);
}

function toBigInt(v: unknown): bigint {
  if (typeof v === 'number') return BigInt(v);
  if (v !== null && typeof v === 'object' && 'toNumber' in v) return BigInt((v as LongLike).toString());
  return BigInt(String(v));
}

function scalar(protoType: string, v: unknown): Json {
  switch (protoType) {
    case 'bytes': {
      const b = v as Uint8Array;
      return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64');
    }
    case 'string':
    case 'bool':
      return v as string | boolean;
    default:
      return toNumber(v);
  }
}

function zeroScalar(protoType: string): Json {
  return protoType === 'string' ? '' : protoType === 'bool' ? false : 0;
}

/** What Go's `omitempty` leaves out: zero scalars, empty []byte and empty slices. */
function isEmpty(go: GoField, v: Json): boolean {
  if (go.kind === 'scalar') return v === '' || v === 0 || v === false;
  if (go.kind === 'bytes') return v === '';
  if (go.kind === 'slice') return Array.isArray(v) && v.length === 0;
  return false;
}
