// The protobuf schema of the built-in kinds: the protobufjs Root built from the generated
// descriptors (src/generated/proto/k8s.json) and the Go struct facts per message
// (src/generated/proto/fields.json). Loaded once, on first use.
import protobuf from 'protobufjs';
import type { Field, Root, Type } from 'protobufjs';

import { readGeneratedJson } from './generatedFiles.js';

/** A Go struct field as its struct tags and type describe it. */
export interface GoField {
  go: string;
  goType: string;
  /** JSON name; '' for an inlined (embedded) struct. */
  json: string;
  omitempty: boolean;
  inline: boolean;
  pointer: boolean;
  /** Shape of the Go type behind the pointer. */
  kind: 'scalar' | 'bytes' | 'slice' | 'map' | 'struct';
  /** Proto field number; null when the field is not in the protobuf form (metav1.TypeMeta). */
  number: number | null;
  /** For an inlined struct outside the protobuf form: its proto message name. */
  message?: string | null;
}

/** Types whose JSON form is their own (a Go MarshalJSON), not their fields. */
export type SpecialType =
  | 'Time'
  | 'MicroTime'
  | 'Duration'
  | 'FieldsV1'
  | 'GroupVersion'
  | 'RawExtension'
  | 'Unknown'
  | 'Quantity'
  | 'IntOrString';

export interface MessageFacts {
  fields?: GoField[];
  special?: SpecialType;
  /** The message wraps a named Go slice type (`repeated items = 1`); JSON is the array. */
  sliceOf?: string;
}

interface FieldTable {
  groupVersions: Record<string, string>;
  messages: Record<string, MessageFacts>;
}

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

const META_V1 = 'k8s.io.apimachinery.pkg.apis.meta.v1';

export class ProtoSchema {
  readonly root: Root;
  private readonly table: FieldTable;
  private readonly plans = new Map<Type, MessagePlan>();
  private readonly unknownType: Type;

  constructor(descriptor: protobuf.INamespace, table: FieldTable) {
    this.root = protobuf.Root.fromJSON(descriptor);
    this.root.resolveAll();
    this.table = table;
    this.unknownType = this.root.lookupType('k8s.io.apimachinery.pkg.runtime.Unknown');
  }

  /** The runtime.Unknown envelope message. */
  get envelope(): Type {
    return this.unknownType;
  }

  /** The message of a kind, e.g. ('apps/v1', 'Deployment'); undefined when there is none. */
  kindType(apiVersion: string, kind: string): Type | undefined {
    const pkg = this.table.groupVersions[apiVersion];
    if (pkg === undefined || kind === '') return undefined;
    // meta/v1 kinds (DeleteOptions, Status, ...) are registered in every group version
    for (const name of [`${pkg}.${kind}`, `${META_V1}.${kind}`]) {
      const type = this.root.lookup(name);
      if (type instanceof protobuf.Type && this.isKind(type)) return type;
    }
    return undefined;
  }

  private isKind(type: Type): boolean {
    if (type.fullName === `.${META_V1}.WatchEvent`) return true;
    const facts = this.facts(type);
    return facts.fields?.some((f) => f.inline && f.go === 'TypeMeta') ?? false;
  }

  facts(type: Type): MessageFacts {
    const facts = this.table.messages[type.fullName.slice(1)];
    if (!facts) throw new Error(`no Go field mapping for protobuf message ${type.fullName.slice(1)}`);
    return facts;
  }

  /** Per message, its Go fields in declaration order with their proto fields. Cached. */
  plan(type: Type): MessagePlan {
    let plan = this.plans.get(type);
    if (plan) return plan;
    const facts = this.facts(type);
    const fields: PlannedField[] = (facts.fields ?? []).map((go) => {
      if (go.number === null) {
        const inlined = go.message ? this.root.lookup(go.message) : null;
        return { go, proto: undefined, type: inlined instanceof protobuf.Type ? inlined : undefined };
      }
      const proto = type.fieldsById[go.number];
      if (!proto) throw new Error(`${type.fullName.slice(1)} has no field ${go.number} (${go.go})`);
      const resolved = proto.resolvedType;
      return { go, proto, type: resolved instanceof protobuf.Type ? resolved : undefined };
    });
    plan = { type, facts, fields };
    this.plans.set(type, plan);
    return plan;
  }
}

let schema: ProtoSchema | undefined;

/** The schema of the built-in kinds, built on first use. */
export function protoSchema(): ProtoSchema {
  schema ??= new ProtoSchema(
    readGeneratedJson<protobuf.INamespace>('proto/k8s.json'),
    readGeneratedJson<FieldTable>('proto/fields.json'),
  );
  return schema;
}
