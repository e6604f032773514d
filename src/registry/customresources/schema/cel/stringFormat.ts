// The strings library's `"<template>".format([args])`: %s (any value as CEL prints it), %d,
// %f and %.<n>f (six decimals by default), %e, %x/%X (ints, or strings as hex bytes), %o, %b,
// and %% for a percent sign.
import { EvaluationError } from '@marcbachmann/cel-js';

/** A value as %s prints it. */
function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (typeof value === 'number') return Number.isInteger(value) ? value.toFixed(0) : String(value);
  if (value === null || value === undefined) return 'null';
  if (value instanceof Date) return value.toISOString().replace('.000Z', 'Z');
  if (Array.isArray(value)) return `[${value.map(text).join(', ')}]`;
  if (value instanceof Map) return `{${[...value].map(([k, v]) => `${text(k)}: ${text(v)}`).join(', ')}}`;
  if (typeof value === 'object') return `{${Object.entries(value).map(([k, v]) => `${k}: ${text(v)}`).join(', ')}}`;
  return String(value);
}

function integer(value: unknown): bigint {
  if (typeof value === 'bigint') return value;
  throw new EvaluationError(`error during formatting: integer clause can only be used on integers, was given ${typeof value === 'number' ? 'double' : typeof value}`);
}

function fixed(value: unknown, digits: number): string {
  const n = typeof value === 'bigint' ? Number(value) : value;
  if (typeof n !== 'number') throw new EvaluationError(`error during formatting: fixed-point clause can only be used on doubles, was given ${typeof value}`);
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? 'Infinity' : '-Infinity';
  return n.toFixed(digits);
}

function radix(value: unknown, base: number): string {
  if (base === 16 && typeof value === 'string') return Buffer.from(value).toString('hex');
  return integer(value).toString(base);
}

export function formatString(template: string, args: unknown[]): string {
  let next = 0;
  const arg = (): unknown => {
    if (next >= args.length) throw new EvaluationError(`index ${next} out of range`);
    return args[next++];
  };
  return template.replace(/%(?:\.(\d+))?([sdfexXob%])/g, (_match, precision: string | undefined, verb: string) => {
    switch (verb) {
      case '%': return '%';
      case 's': return text(arg());
      case 'd': return integer(arg()).toString();
      case 'f': return fixed(arg(), precision === undefined ? 6 : Number(precision));
      case 'e': {
        const n = arg();
        return (typeof n === 'bigint' ? Number(n) : (n as number)).toExponential(precision === undefined ? 6 : Number(precision)).replace(/e([+-])(\d)$/, 'e$10$2');
      }
      case 'x': return radix(arg(), 16);
      case 'X': return radix(arg(), 16).toUpperCase();
      case 'o': return radix(arg(), 8);
      default: return radix(arg(), 2);
    }
  });
}
