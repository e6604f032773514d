// Label selectors in their query-string form (`app=web,tier!=db,env in (a,b),!legacy,release`)
// and in their structured form (`matchLabels` / `matchExpressions`), as upstream's
// k8s.io/apimachinery/pkg/labels parses and matches them.
import { StatusError } from '../statusError.js';

export type Requirement =
  | { key: string; operator: 'in' | 'notin'; values: string[] }
  | { key: string; operator: 'exists' | '!' }
  | { key: string; operator: 'gt' | 'lt'; values: [string] };

export type Labels = Record<string, string> | undefined;

export class LabelSelector {
  constructor(readonly requirements: Requirement[]) {}

  static everything(): LabelSelector {
    return new LabelSelector([]);
  }

  get empty(): boolean {
    return this.requirements.length === 0;
  }

  matches(labels: Labels): boolean {
    const l = labels ?? {};
    return this.requirements.every((r) => {
      const has = Object.prototype.hasOwnProperty.call(l, r.key);
      switch (r.operator) {
        case 'in': return has && r.values.includes(l[r.key]);
        case 'notin': return !has || !r.values.includes(l[r.key]);
        case 'exists': return has;
        case '!': return !has;
        case 'gt': return has && /^-?\d+$/.test(l[r.key]) && Number(l[r.key]) > Number(r.values[0]);
        case 'lt': return has && /^-?\d+$/.test(l[r.key]) && Number(l[r.key]) < Number(r.values[0]);
      }
    });
  }

  /** Parses the `labelSelector` query parameter. */
  static parse(text: string | undefined): LabelSelector {
    if (!text || text.trim() === '') return LabelSelector.everything();
    const requirements: Requirement[] = [];
    for (const part of splitTopLevel(text)) {
      const term = part.trim();
      let match: RegExpMatchArray | null;
      if ((match = term.match(/^([^\s!=<>,()]+)\s+(in|notin)\s+\(([^)]*)\)$/))) {
        const values = match[3].split(',').map((v) => v.trim()).filter((v) => v !== '');
        requirements.push({ key: checkKey(match[1], text), operator: match[2] as 'in' | 'notin', values: values.map((v) => checkValue(v, text)) });
      } else if ((match = term.match(/^([^\s!=<>,()]+)\s*(==|=|!=)\s*([^\s!=<>,()]*)$/))) {
        const value = checkValue(match[3], text);
        requirements.push({ key: checkKey(match[1], text), operator: match[2] === '!=' ? 'notin' : 'in', values: [value] });
      } else if ((match = term.match(/^([^\s!=<>,()]+)\s*(<|>)\s*(-?\d+)$/))) {
        requirements.push({ key: checkKey(match[1], text), operator: match[2] === '>' ? 'gt' : 'lt', values: [match[3]] });
      } else if ((match = term.match(/^!\s*([^\s!=<>,()]+)$/))) {
        requirements.push({ key: checkKey(match[1], text), operator: '!' });
      } else if ((match = term.match(/^([^\s!=<>,()]+)$/))) {
        requirements.push({ key: checkKey(match[1], text), operator: 'exists' });
      } else {
        throw StatusError.badRequest(`unable to parse requirement: found '${term}', expected: identifier`);
      }
    }
    return new LabelSelector(requirements);
  }

  /** Builds a selector from a metav1.LabelSelector (nil selects nothing, `{}` everything). */
  static fromStructured(selector: StructuredSelector | undefined | null): LabelSelector | undefined {
    if (!selector) return undefined;
    const requirements: Requirement[] = Object.entries(selector.matchLabels ?? {})
      .map(([key, value]) => ({ key, operator: 'in' as const, values: [value] }));
    for (const e of selector.matchExpressions ?? []) {
      const operator = e.operator.toLowerCase();
      if (operator === 'in' || operator === 'notin') requirements.push({ key: e.key, operator, values: e.values ?? [] });
      else if (operator === 'exists') requirements.push({ key: e.key, operator: 'exists' });
      else if (operator === 'doesnotexist') requirements.push({ key: e.key, operator: '!' });
      else throw StatusError.badRequest(`"${e.operator}" is not a valid label selector operator`);
    }
    return new LabelSelector(requirements);
  }
}

export interface StructuredSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{ key: string; operator: string; values?: string[] }>;
}

/** Splits on commas that are not inside parentheses. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')') depth--;
    else if (text[i] === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

const qualifiedName = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const labelValue = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

function checkKey(key: string, selector: string): string {
  if (!qualifiedName.test(key) || key.length > 316) {
    throw StatusError.badRequest(`unable to parse requirement: invalid label key "${key}" in selector "${selector}"`);
  }
  return key;
}

function checkValue(value: string, selector: string): string {
  if (!labelValue.test(value) || value.length > 63) {
    throw StatusError.badRequest(`unable to parse requirement: invalid label value: "${value}" in selector "${selector}"`);
  }
  return value;
}
