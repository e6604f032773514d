// The diff some upstream messages append ("pod updates may not change fields other than ...",
// "spec is immutable after creation ..."). Upstream prints go-cmp's Diff of the internal Go
// structs, whose exact text go-cmp itself declares unstable (it even varies its whitespace on
// purpose), so clients cannot rely on it. This renders the same shape: the changed top-level
// Go fields as -/+ lines, identical ones counted.
import { goSchema, type GoField } from '../../api/index.js';
import { jsonEqual, semanticNormalize } from './semantic.js';

function goPackageOf(typeName: string): string {
  if (typeName.startsWith('k8s.io.api.core.v1.')) return 'core';
  if (typeName.startsWith('k8s.io.api.apps.v1.')) return 'apps';
  if (typeName.startsWith('k8s.io.api.batch.v1.')) return 'batch';
  return 'v1';
}

/** A go-cmp-like diff of two JSON values of a Go type, old first (`-`), new second (`+`). */
export function specDiff(oldValue: unknown, newValue: unknown, typeName: string): string {
  const schema = goSchema();
  const type = schema.lookupType(typeName);
  const a = (semanticNormalize(oldValue, typeName) ?? {}) as Record<string, unknown>;
  const b = (semanticNormalize(newValue, typeName) ?? {}) as Record<string, unknown>;
  const rawA = (oldValue ?? {}) as Record<string, unknown>;
  const rawB = (newValue ?? {}) as Record<string, unknown>;
  const shortName = typeName.slice(typeName.lastIndexOf('.') + 1);
  const lines = [`  ${goPackageOf(typeName)}.${shortName}{`];
  let identical = 0;
  const flush = (): void => {
    if (identical > 0) lines.push(`  \t... // ${identical} identical field${identical === 1 ? '' : 's'}`);
    identical = 0;
  };
  for (const field of schema.plan(type).fields) {
    const json = field.go.json;
    if (!json) continue;
    const x = a[json];
    const y = b[json];
    if (jsonEqual(x, y)) {
      identical++;
      continue;
    }
    flush();
    lines.push(`- \t${field.go.go}: ${render(rawA[json], field.go)},`);
    lines.push(`+ \t${field.go.go}: ${render(rawB[json], field.go)},`);
  }
  flush();
  lines.push('  }');
  return lines.join('\n') + '\n';
}

function render(value: unknown, go: GoField): string {
  if (value !== undefined && value !== null) return JSON.stringify(value);
  if (go.pointer || go.kind !== 'scalar') return 'nil';
  if (go.goType === 'bool') return 'false';
  return /int|float/.test(go.goType) ? '0' : '""';
}
