// Turns a JSON object into the protobufjs value of a k8s.io/api message, the way Go would:
// JSON into the Go struct (missing → zero value), then the Go protobuf marshaller, which writes
// every non-pointer scalar and struct (zero or not), pointers/slices/maps/[]byte only when set,
// and map entries in key order. Quantity strings are written as given (Go canonicalises them).
import type { Field, Type } from 'protobufjs';

import { parseGoDuration } from './goDuration.js';
import { GO_ZERO_TIME_UNIX, parseRfc3339 } from './goTime.js';
import { asMessageType, type MessagePlan, type ProtoSchema } from './protoSchema.js';

type Plain = Record<string, unknown>;

export class JsonToProtobuf {
  constructor(private readonly schema: ProtoSchema) {}

  /** The protobufjs plain value of a message; `json` undefined/null means the Go zero value. */
  message(type: Type, json: unknown, path: string): Plain {
    const plan = this.schema.plan(type);
    if (plan.facts.special) return this.special(plan, json, path);
    if (plan.facts.sliceOf !== undefined) {
      const items = expectArray(json ?? [], path);
      const itemField = type.fieldsById[1]!;
      return { items: items.map((v, i) => this.single(itemField, v, `${path}[${i}]`)) };
    }
    const out: Plain = {};
    this.fieldsFrom(plan, expectObject(json ?? {}, path), out, path);
    return out;
  }

  private fieldsFrom(plan: MessagePlan, json: Plain, out: Plain, path: string): void {
    for (const { go, proto, type } of plan.fields) {
      if (!proto) continue; // not in the protobuf form (metav1.TypeMeta)
      if (go.inline && type) {
        const inner: Plain = {};
        this.fieldsFrom(this.schema.plan(type), json, inner, path);
        out[proto.name] = inner;
        continue;
      }
      const at = `${path}.${go.json}`;
      const v = json[go.json];
      if (v === undefined || v === null) {
        // Go's nil is not written; every non-pointer value is, zero or not
        if (go.pointer || go.kind === 'slice' || go.kind === 'map' || go.kind === 'bytes') continue;
        out[proto.name] = type ? this.message(type, undefined, at) : zeroScalar(proto.type);
        continue;
      }
      if (proto.map) {
        const obj = expectObject(v, at);
        const map: Plain = {};
        for (const key of Object.keys(obj).sort()) map[key] = this.single(proto, obj[key], `${at}.${key}`);
        out[proto.name] = map;
      } else if (proto.repeated) {
        out[proto.name] = expectArray(v, at).map((e, i) => this.single(proto, e, `${at}[${i}]`));
      } else {
        out[proto.name] = this.single(proto, v, at);
      }
    }
  }

  private single(field: Field, v: unknown, path: string): unknown {
    const type = asMessageType(field.resolvedType);
    if (type) return this.message(type, v, path);
    return scalar(field.type, v, path);
  }

  private special(plan: MessagePlan, json: unknown, path: string): Plain {
    const zero = json === undefined || json === null;
    switch (plan.facts.special) {
      case 'Time': {
        if (zero) return {};
        const { seconds } = parseRfc3339(expectString(json, path));
        return seconds === GO_ZERO_TIME_UNIX ? {} : { seconds, nanos: 0 };
      }
      case 'MicroTime': {
        if (zero) return {};
        const { seconds, nanos } = parseRfc3339(expectString(json, path));
        const micro = nanos - (nanos % 1000);
        return seconds === GO_ZERO_TIME_UNIX && micro === 0 ? {} : { seconds, nanos: micro };
      }
      case 'Duration':
        return { duration: zero ? 0 : Number(parseGoDuration(expectString(json, path))) };
      case 'Quantity':
        if (zero) return { string: '0' };
        if (typeof json === 'number') return { string: String(json) };
        return { string: expectString(json, path) };
      case 'IntOrString':
        if (zero) return { type: 0, intVal: 0, strVal: '' };
        if (typeof json === 'number') return { type: 0, intVal: json, strVal: '' };
        return { type: 1, intVal: 0, strVal: expectString(json, path) };
      case 'RawExtension':
      case 'Unknown':
        return zero ? {} : { raw: Buffer.from(JSON.stringify(json)) };
      case 'FieldsV1':
        return zero ? {} : { Raw: Buffer.from(JSON.stringify(json)) };
      case 'GroupVersion': {
        const text = zero ? '' : expectString(json, path);
        const parts = text.split('/');
        if (parts.length > 2) throw new Error(`${path}: illegal GroupVersion ${text}: contains more than one /`);
        return parts.length === 2 ? { group: parts[0], version: parts[1] } : { group: '', version: parts[0] };
      }
      default:
        throw new Error(`${path}: unhandled special type ${String(plan.facts.special)}`);
    }
  }
}

function scalar(protoType: string, v: unknown, path: string): unknown {
  switch (protoType) {
    case 'string':
      return expectString(v, path);
    case 'bool':
      if (typeof v !== 'boolean') throw typeError(v, 'bool', path);
      return v;
    case 'bytes':
      return Buffer.from(expectString(v, path), 'base64');
    default:
      if (typeof v !== 'number') throw typeError(v, protoType, path);
      return v;
  }
}

function zeroScalar(protoType: string): unknown {
  return protoType === 'string' ? '' : protoType === 'bool' ? false : 0;
}

function typeError(v: unknown, want: string, path: string): Error {
  const got = Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v;
  return new Error(`${path}: cannot use a JSON ${got} as ${want}`);
}

function expectString(v: unknown, path: string): string {
  if (typeof v !== 'string') throw typeError(v, 'string', path);
  return v;
}

function expectArray(v: unknown, path: string): unknown[] {
  if (!Array.isArray(v)) throw typeError(v, 'array', path);
  return v;
}

function expectObject(v: unknown, path: string): Plain {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw typeError(v, 'object', path);
  return v as Plain;
}
