// Go's %#v of a whole API struct, which a few upstream messages embed (`spec.template: Invalid
// value: core.PodTemplateSpec{...}: field is immutable`). Rendered from the Go field facts of
// the v1 types (src/api), with upstream's package names (core, apps, batch, v1 for meta);
// pointers print as `(*T)(nil)` or an address, as Go does (addresses cannot match).
import { goSchema, type GoMessage } from '../../api/index.js';
import { GoValue, goNumber, goQuote, compareGoStrings } from './goFormat.js';
import { tryParseQuantity } from '../../api/quantity.js';

const FAKE_ADDRESS = '0xc000100000';

function packageOf(fullName: string): string {
  if (fullName.startsWith('k8s.io.api.core.v1.')) return 'core';
  if (fullName.startsWith('k8s.io.api.apps.v1.')) return 'apps';
  if (fullName.startsWith('k8s.io.api.batch.v1.')) return 'batch';
  if (fullName.startsWith('k8s.io.api.networking.v1.')) return 'networking';
  if (fullName.startsWith('k8s.io.apimachinery.pkg.apis.meta.v1.')) return 'v1';
  if (fullName.startsWith('k8s.io.apimachinery.pkg.api.resource.')) return 'resource';
  if (fullName.startsWith('k8s.io.apimachinery.pkg.util.intstr.')) return 'intstr';
  return 'v1';
}

/** A Go type expression from a field's goType, qualified with the package of its message. */
function qualify(goType: string, pkg: string): string {
  return goType.replace(/(^|[\]*[])(metav1\.|resource\.|intstr\.|)([A-Z][A-Za-z0-9]*)/g, (_m, pre: string, q: string, name: string) => {
    if (q === 'metav1.') return `${pre}v1.${name}`;
    if (q) return `${pre}${q}${name}`;
    return `${pre}${pkg}.${name}`;
  });
}

function scalarZero(goType: string): string {
  if (goType === 'bool') return 'false';
  if (/^(u?int|float)/.test(goType)) return '0';
  return '""';
}

function renderScalar(value: unknown, goType: string): string {
  if (value === undefined || value === null) return scalarZero(goType);
  if (typeof value === 'string') return goQuote(value);
  if (typeof value === 'number') return goNumber(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return goQuote(String(value));
}

function renderSpecial(value: unknown, special: string): string {
  switch (special) {
    case 'Quantity': {
      const q = value === undefined || value === null ? undefined : tryParseQuantity(value);
      return q ? q.goString() : 'resource.Quantity{i:resource.int64Amount{value:0, scale:0}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:"", Format:""}';
    }
    case 'IntOrString':
      if (typeof value === 'string') return `intstr.IntOrString{Type:1, IntVal:0, StrVal:${goQuote(value)}}`;
      return `intstr.IntOrString{Type:0, IntVal:${goNumber(typeof value === 'number' ? value : 0)}, StrVal:""}`;
    case 'Time':
    case 'MicroTime':
      return `v1.${special}{Time:${goTimeDate(value)}}`;
    default:
      return value === undefined || value === null ? '""' : goQuote(typeof value === 'string' ? value : JSON.stringify(value));
  }
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** %#v of a time.Time: `time.Date(2024, time.January, 2, 3, 4, 5, 0, time.UTC)`. */
function goTimeDate(value: unknown): string {
  const ms = typeof value === 'string' ? Date.parse(value) : NaN;
  if (Number.isNaN(ms)) return 'time.Date(1, time.January, 1, 0, 0, 0, 0, time.UTC)';
  const d = new Date(ms);
  const nanos = /\.(\d+)/.exec(String(value))?.[1]?.padEnd(9, '0').slice(0, 9) ?? '0';
  return `time.Date(${d.getUTCFullYear()}, time.${MONTHS[d.getUTCMonth()]}, ${d.getUTCDate()}, ${d.getUTCHours()}, ${d.getUTCMinutes()}, ${d.getUTCSeconds()}, ${Number(nanos)}, time.UTC)`;
}

function renderMessage(value: unknown, type: GoMessage): string {
  const schema = goSchema();
  const facts = schema.facts(type);
  const full = type.name;
  if (facts.special) return renderSpecial(value, facts.special);
  const obj = (value && typeof value === 'object' ? value : {}) as Record<string, unknown>;
  const pkg = packageOf(full);
  const parts: string[] = [];
  for (const field of schema.plan(type).fields) {
    const go = field.go;
    if (go.go === 'TypeMeta') continue;
    if (go.inline) {
      parts.push(`${go.go}:${field.type ? renderMessage(obj, field.type) : '{}'}`);
      continue;
    }
    const raw = obj[go.json];
    const goType = qualify(go.goType, pkg);
    parts.push(`${go.go}:${renderField(raw, field.type, go.kind, go.pointer, goType)}`);
  }
  return `${pkg}.${full.slice(full.lastIndexOf('.') + 1)}{${parts.join(', ')}}`;
}

function renderField(
  raw: unknown,
  type: GoMessage | undefined,
  kind: string,
  pointer: boolean,
  goType: string,
): string {
  if (pointer) {
    const present = raw !== undefined && raw !== null;
    return present ? `(${goType})(${FAKE_ADDRESS})` : `(${goType})(nil)`;
  }
  if (kind === 'slice') {
    if (!Array.isArray(raw)) return `${goType}(nil)`;
    const elemType = goType.replace(/^\[\]/, '');
    return `${goType}{${raw.map((v) => (type ? renderMessage(v, type) : renderScalar(v, elemType))).join(', ')}}`;
  }
  if (kind === 'map') {
    if (!raw || typeof raw !== 'object') return `${goType}(nil)`;
    const entries = Object.entries(raw as Record<string, unknown>).sort(([a], [b]) => compareGoStrings(a, b));
    const rendered = entries.map(([k, v]) => `${goQuote(k)}:${type !== undefined ? renderMessage(v, type) : renderScalar(v, 'string')}`);
    return `${goType}{${rendered.join(', ')}}`;
  }
  if (kind === 'bytes') return raw ? `[]byte{...}` : '[]byte(nil)';
  if (type) return renderMessage(raw, type);
  return renderScalar(raw, goType);
}

/** %#v of a JSON value of the named protobuf message (e.g. k8s.io.api.core.v1.PodTemplateSpec). */
export function goDump(value: unknown, typeName: string): GoValue {
  return new GoValue(renderMessage(value, goSchema().lookupType(typeName)));
}
