// The YAML text gnostic stores in an `openapi.v2.Any` (vendor extensions, defaults, enums,
// examples): it re-emits the JSON value as block YAML with no node styles, the way Go's yaml.v3
// encoder does (4-space mapping indent, sequence items nested two columns after their "- ", plain
// scalars unless plain text would read back as another type or clash with YAML syntax). Clients
// (kubectl's kube-openapi proto models) parse this text with a YAML decoder, so the value must
// round-trip; matching yaml.v3's layout keeps the bytes equal to a real server's for the
// documents kubets serves.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** The YAML text of a JSON value, ending in a newline. */
export function gnosticYaml(value: unknown): string {
  const lines: string[] = [];
  emitTop(value as Json, lines);
  return lines.join('');
}

function emitTop(value: Json, out: string[]): void {
  if (Array.isArray(value) && value.length > 0) {
    emitSequence(value, 0, out, true);
  } else if (isMapping(value) && Object.keys(value).length > 0) {
    emitMapping(value, 0, out, true);
  } else {
    out.push(endLine(inlineValue(value, 4)));
  }
}

function isMapping(value: Json): value is { [key: string]: Json } {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isBlockCollection(value: Json): boolean {
  if (Array.isArray(value)) return value.length > 0;
  return isMapping(value) && Object.keys(value).length > 0;
}

/** yaml.v3's indentation for a collection nested in a mapping: the next multiple of four. */
function alignedIndent(parent: number): number {
  return 4 * Math.floor((parent + 4) / 4);
}

/**
 * Emits a mapping whose keys sit at `indent`. When `continues` is true the first key follows text
 * already on the current line (after "- " or at the start of the document).
 */
function emitMapping(value: { [key: string]: Json }, indent: number, out: string[], continues: boolean): void {
  let first = true;
  for (const [key, child] of Object.entries(value)) {
    const prefix = first && continues ? '' : ' '.repeat(indent);
    first = false;
    const keyText = scalarText(key);
    if (isBlockCollection(child)) {
      out.push(`${prefix}${keyText}:\n`);
      if (Array.isArray(child)) emitSequence(child, alignedIndent(indent), out, false);
      else emitMapping(child as { [key: string]: Json }, alignedIndent(indent), out, false);
    } else {
      out.push(endLine(`${prefix}${keyText}: ${inlineValue(child, alignedIndent(indent))}`));
    }
  }
}

/** Emits a sequence whose dashes sit at `indent`. */
function emitSequence(value: Json[], indent: number, out: string[], continues: boolean): void {
  let first = true;
  for (const item of value) {
    const prefix = first && continues ? '' : ' '.repeat(indent);
    first = false;
    if (Array.isArray(item) && item.length > 0) {
      out.push(`${prefix}- `);
      emitSequence(item, indent + 2, out, true);
    } else if (isMapping(item) && Object.keys(item).length > 0) {
      out.push(`${prefix}- `);
      emitMapping(item, indent + 2, out, true);
    } else {
      out.push(endLine(`${prefix}- ${inlineValue(item, indent + 2)}`));
    }
  }
}

/** Ends the current line unless the text already ends at the start of a line. */
function endLine(text: string): string {
  return isBreak(text[text.length - 1]) ? text : `${text}\n`;
}

/**
 * A scalar or empty collection. `blockIndent` is where the lines of a scalar spanning several
 * lines continue (a literal block, or a quoted scalar holding U+2028/U+2029).
 */
function inlineValue(value: Json | undefined, blockIndent: number): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return numberText(value);
  if (typeof value === 'string') {
    if (value.includes('\n') && analyzeScalar(value).blockAllowed) return literalBlock(value, blockIndent);
    return scalarText(value, blockIndent);
  }
  return Array.isArray(value) ? '[]' : '{}';
}

function numberText(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) < 1e21) return value.toFixed(0);
  return String(value).replace('e+', 'e');
}

/** A string scalar: plain when yaml.v3 would write it plain, else single or double quoted. */
function scalarText(value: string, indent = 0): string {
  if (value.includes('\n') || resolvesToNonString(value)) return doubleQuoted(value);
  const analysis = analyzeScalar(value);
  if (analysis.blockPlainAllowed) return value;
  if (analysis.singleQuotedAllowed) return singleQuoted(value, indent);
  return doubleQuoted(value);
}

/** Single quotes; after a U+2028/U+2029 line break the text resumes at `indent`. */
function singleQuoted(value: string, indent: number): string {
  let text = "'";
  let afterBreak = false;
  for (const ch of value) {
    if (isBreak(ch)) {
      text += ch;
      afterBreak = true;
      continue;
    }
    if (afterBreak) text += ' '.repeat(indent);
    afterBreak = false;
    text += ch === "'" ? "''" : ch;
  }
  return `${text}'`;
}

const nonStringWords = new Set([
  '~', 'null', 'Null', 'NULL',
  'true', 'True', 'TRUE', 'false', 'False', 'FALSE',
  '.nan', '.NaN', '.NAN',
  '.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF', '-.inf', '-.Inf', '-.INF',
]);

const yamlStyleFloat = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const goInteger = /^[-+]?(0[xX][0-9a-fA-F]+|0[oO]?[0-7]+|0[bB][01]+|[1-9][0-9]*|0)$/;
const timestamp = /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ][0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(\.[0-9]+)?(Z|[-+][0-9]{1,2}(:[0-9]{2})?)?)?$/;

/** Whether yaml.v3 resolves this plain text to something other than a string. */
function resolvesToNonString(value: string): boolean {
  if (value === '' || nonStringWords.has(value)) return true;
  const first = value[0];
  if (first === '.') {
    return /^\.[0-9]+(_[0-9]+)*([eE][-+]?[0-9]+(_[0-9]+)*)?$/.test(value) && finite(value.replace(/_/g, ''));
  }
  if (!/[-+0-9]/.test(first)) return false;
  if (timestamp.test(value)) return true;
  const plain = value.replace(/_/g, '');
  return goInteger.test(plain) || (yamlStyleFloat.test(plain) && finite(plain));
}

/** Go's ParseFloat fails (and yaml.v3 keeps the text a string) when the value overflows. */
function finite(text: string): boolean {
  return Number.isFinite(Number(text));
}

interface ScalarAnalysis {
  blockPlainAllowed: boolean;
  singleQuotedAllowed: boolean;
  /** A literal block (`|`) may carry it. */
  blockAllowed: boolean;
}

/** yaml.v3's notion of printable: narrower than the YAML spec (no NEL, nothing past U+FFFD). */
function isPrintable(code: number): boolean {
  return code === 0x0a || (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd && code !== 0xfeff);
}

function isBreak(ch: string | undefined): boolean {
  return ch === '\n' || ch === '\r' || ch === '\u0085' || ch === '\u2028' || ch === '\u2029';
}

function isBlankOrEnd(ch: string | undefined): boolean {
  return ch === undefined || ch === ' ' || ch === '\t' || isBreak(ch);
}

/** libyaml's scalar analysis, as far as it decides between plain, single and double quotes. */
function analyzeScalar(value: string): ScalarAnalysis {
  const chars = Array.from(value);
  let blockIndicators = false;
  let specialCharacters = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let lineBreaks = false;
  let tabCharacters = false;
  let previousSpace = false;
  let previousBreak = false;
  if (value.startsWith('---') || value.startsWith('...')) blockIndicators = true;
  let precededByWhitespace = true;
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    const followedByWhitespace = isBlankOrEnd(chars[i + 1]);
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(ch)) blockIndicators = true;
      if ((ch === '?' || ch === ':' || ch === '-') && followedByWhitespace) blockIndicators = true;
    } else {
      if (ch === ':' && followedByWhitespace) blockIndicators = true;
      if (ch === '#' && precededByWhitespace) blockIndicators = true;
    }
    if (ch === '\t') tabCharacters = true;
    else if (!isPrintable(ch.codePointAt(0)!)) specialCharacters = true;
    if (ch === ' ') {
      if (i === 0) leadingSpace = true;
      if (i === chars.length - 1) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak(ch)) {
      if (i === 0) leadingBreak = true;
      if (i === chars.length - 1) trailingBreak = true;
      lineBreaks = true;
      if (previousSpace) spaceBreak = true;
      previousBreak = true;
      previousSpace = false;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = isBlankOrEnd(ch);
  }
  let blockPlainAllowed = true;
  let singleQuotedAllowed = true;
  let blockAllowed = !trailingSpace;
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) blockPlainAllowed = false;
  if (breakSpace) {
    blockPlainAllowed = false;
    singleQuotedAllowed = false;
  }
  if (spaceBreak || tabCharacters || specialCharacters) {
    blockPlainAllowed = false;
    singleQuotedAllowed = false;
  }
  if (spaceBreak || specialCharacters) blockAllowed = false;
  if (lineBreaks || blockIndicators) blockPlainAllowed = false;
  return { blockPlainAllowed, singleQuotedAllowed, blockAllowed };
}

/**
 * A literal block scalar: the `|` header (an indentation hint when the text starts with a space
 * or line break, `-` to strip a missing final line break, `+` to keep several), then the text
 * with each line at `indent`. A line break in the text that starts a line ends the header's
 * line. The result ends at the start of a line when the text ends with a line break.
 */
function literalBlock(value: string, indent: number): string {
  const chars = Array.from(value);
  const last = chars.length - 1;
  const hint = chars[0] === ' ' || isBreak(chars[0]) ? '4' : '';
  let chomp = '';
  if (!isBreak(chars[last])) chomp = '-';
  else if (chars.length === 1 || isBreak(chars[last - 1])) chomp = '+';
  let text = `|${hint}${chomp}`;
  let atLineStart = false;
  let inLine = false;
  for (const ch of chars) {
    if (isBreak(ch)) {
      text += ch;
      atLineStart = true;
      inLine = false;
      continue;
    }
    if (!inLine) {
      text += `${atLineStart ? '' : '\n'}${' '.repeat(indent)}`;
      inLine = true;
      atLineStart = false;
    }
    text += ch;
  }
  return text;
}

const namedEscapes: Record<number, string> = {
  0x00: '0', 0x07: 'a', 0x08: 'b', 0x09: 't', 0x0a: 'n', 0x0b: 'v', 0x0c: 'f', 0x0d: 'r',
  0x1b: 'e', 0x22: '"', 0x5c: '\\', 0x85: 'N', 0xa0: '_', 0x2028: 'L', 0x2029: 'P',
};

function doubleQuoted(value: string): string {
  let text = '"';
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    const escape = !isPrintable(code) || code === 0xfeff || isBreak(ch) || ch === '"' || ch === '\\';
    if (!escape) {
      text += ch;
    } else if (namedEscapes[code] !== undefined) {
      text += `\\${namedEscapes[code]}`;
    } else if (code <= 0xff) {
      text += `\\x${code.toString(16).toUpperCase().padStart(2, '0')}`;
    } else if (code <= 0xffff) {
      text += `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
    } else {
      text += `\\U${code.toString(16).toUpperCase().padStart(8, '0')}`;
    }
  }
  return `${text}"`;
}
