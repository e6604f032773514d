// The Go struct facts of the built-in kinds (src/generated/proto/fields.json) joined with the
// field types of their protobuf messages, read straight from the generated descriptor
// (src/generated/proto/k8s.json) without protobufjs: what the JSON reshaping, defaulting and
// comparing code needs, at a few milliseconds' cost instead of building a protobufjs Root (the
// protobuf codec builds that, on its first protobuf body). Loaded once, on first use.
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

/** A protobuf field as the descriptor states it (`type` is the value type of a map). */
export interface DescriptorField {
  id: number;
  type: string;
  keyType?: string;
  rule?: 'repeated';
}

interface DescriptorNamespace {
  nested?: Record<string, DescriptorNamespace>;
  fields?: Record<string, DescriptorField>;
}

/** A protobuf message of the schema, by its full name (e.g. k8s.io.api.core.v1.Pod). */
export interface GoMessage {
  readonly name: string;
}

/** A Go field joined with its proto field (absent when the Go field is not in the protobuf). */
export interface GoPlannedField {
  go: GoField;
  proto: DescriptorField | undefined;
  /** The message of the field's value (the element of a slice, the value of a map), if any. */
  type: GoMessage | undefined;
}

export interface GoMessagePlan {
  type: GoMessage;
  facts: MessageFacts;
  fields: GoPlannedField[];
}

interface MessageEntry extends GoMessage {
  readonly fields: Record<string, DescriptorField>;
  plan?: GoMessagePlan;
}

export const META_V1 = 'k8s.io.apimachinery.pkg.apis.meta.v1';

export class GoSchema {
  private readonly messages = new Map<string, MessageEntry>();

  constructor(descriptor: DescriptorNamespace, private readonly table: FieldTable) {
    this.index(descriptor, '');
  }

  private index(namespace: DescriptorNamespace, scope: string): void {
    for (const [name, nested] of Object.entries(namespace.nested ?? {})) {
      const full = scope ? `${scope}.${name}` : name;
      if (nested.fields) this.messages.set(full, { name: full, fields: nested.fields });
      this.index(nested, full);
    }
  }

  /** The message of that full name (a leading dot allowed); throws when there is none. */
  lookupType(name: string): GoMessage {
    const message = this.messages.get(name.startsWith('.') ? name.slice(1) : name);
    if (!message) throw new Error(`no protobuf message ${name}`);
    return message;
  }

  /** The message of a kind, e.g. ('apps/v1', 'Deployment'); undefined when there is none. */
  kindType(apiVersion: string, kind: string): GoMessage | undefined {
    const pkg = this.table.groupVersions[apiVersion];
    if (pkg === undefined || kind === '') return undefined;
    // meta/v1 kinds (DeleteOptions, Status, ...) are registered in every group version
    for (const name of [`${pkg}.${kind}`, `${META_V1}.${kind}`]) {
      const message = this.messages.get(name);
      if (message && this.isKind(message)) return message;
    }
    return undefined;
  }

  private isKind(message: GoMessage): boolean {
    if (message.name === `${META_V1}.WatchEvent`) return true;
    return this.facts(message).fields?.some((f) => f.inline && f.go === 'TypeMeta') ?? false;
  }

  facts(message: GoMessage): MessageFacts {
    const facts = this.table.messages[message.name];
    if (!facts) throw new Error(`no Go field mapping for protobuf message ${message.name}`);
    return facts;
  }

  /** Per message, its Go fields in declaration order with their proto fields. Cached. */
  plan(message: GoMessage): GoMessagePlan {
    const entry = this.messages.get(message.name)!;
    if (entry.plan) return entry.plan;
    const facts = this.facts(entry);
    const byNumber = new Map(Object.values(entry.fields).map((f) => [f.id, f]));
    const fields: GoPlannedField[] = (facts.fields ?? []).map((go) => {
      if (go.number === null) {
        return { go, proto: undefined, type: go.message ? this.messages.get(go.message.replace(/^\./, '')) : undefined };
      }
      const proto = byNumber.get(go.number);
      if (!proto) throw new Error(`${entry.name} has no field ${go.number} (${go.go})`);
      return { go, proto, type: this.resolve(proto.type, entry) };
    });
    entry.plan = { type: entry, facts, fields };
    return entry.plan;
  }

  /** A field's type name as protobuf scoping resolves it: a message, or undefined for a scalar. */
  private resolve(typeName: string, from: MessageEntry): GoMessage | undefined {
    if (typeName.startsWith('.')) return this.messages.get(typeName.slice(1));
    for (let scope = from.name; ; scope = scope.slice(0, Math.max(0, scope.lastIndexOf('.')))) {
      const found = this.messages.get(scope ? `${scope}.${typeName}` : typeName);
      if (found) return found;
      if (scope === '') return undefined;
    }
  }
}

let schema: GoSchema | undefined;

/** The Go facts of the built-in kinds, read on first use. */
export function goSchema(): GoSchema {
  schema ??= new GoSchema(
    readGeneratedJson<DescriptorNamespace>('proto/k8s.json'),
    readGeneratedJson<FieldTable>('proto/fields.json'),
  );
  return schema;
}

