// Validity of a CronJob schedule as robfig/cron/v3's ParseStandard (what the API server uses)
// judges it: five fields or a descriptor (@daily, @every 1h), names for months and weekdays,
// ranges and steps, an optional TZ=/CRON_TZ= prefix. Returns that library's error text.
import { parseGoDuration } from '../../api/index.js';

interface Bounds {
  min: number;
  max: number;
  names?: Record<string, number>;
}

const minutes: Bounds = { min: 0, max: 59 };
const hours: Bounds = { min: 0, max: 23 };
const dom: Bounds = { min: 1, max: 31 };
const months: Bounds = {
  min: 1,
  max: 12,
  names: { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 },
};
const dow: Bounds = { min: 0, max: 6, names: { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 } };

/** Go's strconv.Atoi error text. */
function atoiError(expr: string): string | undefined {
  if (!/^[+-]?\d+$/.test(expr)) return `strconv.Atoi: parsing ${JSON.stringify(expr)}: invalid syntax`;
  const n = BigInt(expr.replace(/^\+/, ''));
  if (n > 9223372036854775807n || n < -9223372036854775808n) return `strconv.Atoi: parsing ${JSON.stringify(expr)}: value out of range`;
  return undefined;
}

function parseInt(expr: string): number {
  const err = atoiError(expr);
  if (err) throw new Error(`failed to parse int from ${expr}: ${err}`);
  const n = Number(expr);
  if (n < 0) throw new Error(`negative number (${n}) not allowed: ${expr}`);
  return n;
}

function parseIntOrName(expr: string, names: Record<string, number> | undefined): number {
  const named = names?.[expr.toLowerCase()];
  return named !== undefined ? named : parseInt(expr);
}

function checkRange(expr: string, r: Bounds): void {
  const rangeAndStep = expr.split('/');
  const lowAndHigh = rangeAndStep[0]!.split('-');
  const single = lowAndHigh.length === 1;
  let start: number;
  let end: number;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    start = r.min;
    end = r.max;
  } else {
    start = parseIntOrName(lowAndHigh[0]!, r.names);
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) end = parseIntOrName(lowAndHigh[1]!, r.names);
    else throw new Error(`too many hyphens: ${expr}`);
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    step = parseInt(rangeAndStep[1]!);
    if (single) end = r.max;
  } else if (rangeAndStep.length > 2) {
    throw new Error(`too many slashes: ${expr}`);
  }
  if (start < r.min) throw new Error(`beginning of range (${start}) below minimum (${r.min}): ${expr}`);
  if (end > r.max) throw new Error(`end of range (${end}) above maximum (${r.max}): ${expr}`);
  if (start > end) throw new Error(`beginning of range (${start}) beyond end of range (${end}): ${expr}`);
  if (step === 0) throw new Error(`step of range should be a positive number: ${expr}`);
}

function checkField(field: string, r: Bounds): void {
  for (const expr of field.split(',').filter((e) => e !== '')) checkRange(expr, r);
}

/** Whether an IANA zone name is known (Go's time.LoadLocation). */
export function isKnownTimeZone(name: string): boolean {
  if (name === 'UTC' || name === 'Local' || name === '') return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

function durationError(text: string): string | undefined {
  try {
    parseGoDuration(text);
    return undefined;
  } catch {
    const quoted = JSON.stringify(text);
    const unit = /^[+-]?[\d.]+([^\d.]+)/.exec(text);
    if (/^[+-]?\d*\.?\d+$/.test(text) || /^[+-]?\d+\.?$/.test(text)) return `time: missing unit in duration ${quoted}`;
    if (unit) return `time: unknown unit ${JSON.stringify(unit[1])} in duration ${quoted}`;
    return `time: invalid duration ${quoted}`;
  }
}

/** cron.ParseStandard's error for a schedule, or undefined when it parses. */
export function cronScheduleError(schedule: string): string | undefined {
  let spec = schedule;
  if (spec.length === 0) return 'empty spec string';
  if (spec.startsWith('TZ=') || spec.startsWith('CRON_TZ=')) {
    const i = spec.indexOf(' ');
    const eq = spec.indexOf('=');
    const zone = i < 0 ? spec.slice(eq + 1) : spec.slice(eq + 1, i);
    if (!isKnownTimeZone(zone)) return `provided bad location ${zone}: unknown time zone ${zone}`;
    spec = i < 0 ? '' : spec.slice(i).trim();
  }
  if (spec.startsWith('@')) {
    if (['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'].includes(spec)) return undefined;
    if (spec.startsWith('@every ')) {
      const err = durationError(spec.slice('@every '.length));
      return err ? `failed to parse duration ${spec}: ${err}` : undefined;
    }
    return `unrecognized descriptor: ${spec}`;
  }
  const fields = spec.split(/\s+/).filter((f) => f !== '');
  if (fields.length !== 5) return `expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`;
  try {
    checkField(fields[0]!, minutes);
    checkField(fields[1]!, hours);
    checkField(fields[2]!, dom);
    checkField(fields[3]!, months);
    checkField(fields[4]!, dow);
  } catch (e) {
    return (e as Error).message;
  }
  return undefined;
}
