// Field selectors (`metadata.name=x,status.phase!=Running`): equality terms over the fields a
// resource makes selectable (metadata.name and metadata.namespace everywhere, plus the
// upstream per-kind fields). Unknown fields are refused as upstream does.
import { StatusError } from '../statusError.js';

export interface FieldRequirement {
  field: string;
  value: string;
  negate: boolean;
}

export type FieldSet = Record<string, string>;

export class FieldSelector {
  constructor(readonly requirements: FieldRequirement[]) {}

  get empty(): boolean {
    return this.requirements.length === 0;
  }

  matches(fields: FieldSet): boolean {
    return this.requirements.every((r) => (fields[r.field] === r.value) !== r.negate);
  }

  /** The value a `field=value` term pins, if any (lets a store narrow a list by name). */
  exact(field: string): string | undefined {
    return this.requirements.find((r) => r.field === field && !r.negate)?.value;
  }

  /** `stored` turns a served version's field label into the stored version's (undefined: not
   * supported by the served version). */
  static parse(text: string | undefined, selectable: ReadonlySet<string>, stored: (label: string) => string | undefined = (label) => label): FieldSelector {
    if (!text || text.trim() === '') return new FieldSelector([]);
    const requirements = splitUnescaped(text, ',').map((term) => {
      const match = term.match(/^\s*([^!=\s]+)\s*(==|=|!=)\s*(.*?)\s*$/);
      if (!match) throw StatusError.badRequest(`invalid selector: '${text}'; can't understand '${term}'`);
      const [, label, operator, value] = match;
      const field = stored(label);
      if (field === undefined || !selectable.has(field)) {
        throw StatusError.badRequest(`field label not supported: ${label}`);
      }
      return { field, value: unescape(value), negate: operator === '!=' };
    });
    return new FieldSelector(requirements);
  }
}

function splitUnescaped(text: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\' && i + 1 < text.length) {
      current += text[i] + text[i + 1];
      i++;
    } else if (text[i] === separator) {
      parts.push(current);
      current = '';
    } else {
      current += text[i];
    }
  }
  parts.push(current);
  return parts;
}

function unescape(value: string): string {
  return value.replace(/\\(.)/g, '$1');
}
