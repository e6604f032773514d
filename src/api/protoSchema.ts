// The protobuf schema of the built-in kinds for the protobuf codec: the protobufjs Root built
// from the generated descriptors (src/generated/proto/k8s.json), joined with the Go struct facts
// of goSchema.ts. Building the Root costs over a hundred milliseconds, so it happens on the
// first protobuf body only, and protobufjs itself is loaded then too.
import { createRequire } from 'node:module';
import type { Field, INamespace, Root, Type } from 'protobufjs';

import { readGeneratedJson } from './generatedFiles.js';
import { goSchema, type GoField, type GoSchema, type MessageFacts } from './goSchema.js';

/** A Go field joined with its proto field (absent when the Go field is not in the protobuf). */
export interface PlannedField {
  go: GoField;
  proto: Field | undefined;
  /** The message type of `proto` (or of an inlined non-proto struct), if any. */
  type: Type | undefined;
}

export interface MessagePlan {
  type: Type;
  facts: MessageFacts;
  fields: PlannedField[];
}

type Protobufjs = typeof import('protobufjs');

/** The message a resolved reflection object is, if it is one (not an enum, service or field). */
export function asMessageType(resolved: unknown): Type | undefined {
  return resolved !== null && typeof resolved === 'object' && 'fieldsById' in resolved ? (resolved as Type) : undefined;
}

export class ProtoSchema {
  readonly root: Root;
  private readonly plans = new Map<Type, MessagePlan>();
  private readonly unknownType: Type;

  constructor(descriptor: INamespace, private readonly go: GoSchema) {
    const protobuf = createRequire(import.meta.url)('protobufjs') as Protobufjs;
    this.root = protobuf.Root.fromJSON(descriptor);
    this.root.resolveAll();
    this.unknownType = this.root.lookupType('k8s.io.apimachinery.pkg.runtime.Unknown');
  }

  /** The runtime.Unknown envelope message. */
  get envelope(): Type {
    return this.unknownType;
  }

  /** The message of a kind, e.g. ('apps/v1', 'Deployment'); undefined when there is none. */
  kindType(apiVersion: string, kind: string): Type | undefined {
    const message = this.go.kindType(apiVersion, kind);
    return message && this.root.lookupType(message.name);
  }

  facts(type: Type): MessageFacts {
    return this.go.facts({ name: type.fullName.slice(1) });
  }

  /** Per message, its Go fields in declaration order with their proto fields. Cached. */
  plan(type: Type): MessagePlan {
    let plan = this.plans.get(type);
    if (plan) return plan;
    const facts = this.facts(type);
    const fields: PlannedField[] = (facts.fields ?? []).map((go) => {
      if (go.number === null) {
        return { go, proto: undefined, type: go.message ? asMessageType(this.root.lookup(go.message)) : undefined };
      }
      const proto = type.fieldsById[go.number];
      if (!proto) throw new Error(`${type.fullName.slice(1)} has no field ${go.number} (${go.go})`);
      return { go, proto, type: asMessageType(proto.resolvedType) };
    });
    plan = { type, facts, fields };
    this.plans.set(type, plan);
    return plan;
  }
}

let schema: ProtoSchema | undefined;

/** The schema of the built-in kinds, built on first use. */
export function protoSchema(): ProtoSchema {
  schema ??= new ProtoSchema(readGeneratedJson<INamespace>('proto/k8s.json'), goSchema());
  return schema;
}
