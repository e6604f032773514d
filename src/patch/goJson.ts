// JSON decoding with Go's error texts. Patch bodies that do not parse are answered with the
// message Go's encoding/json gives (e.g. `invalid character 'x' looking for beginning of value`,
// `unexpected end of JSON input`, `json: cannot unmarshal array into Go value of type ...`), so
// valid input goes through JSON.parse and only a failure pays for the scan that names the error.

export class GoJsonError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GoJsonError';
  }
}

const textDecoder = new TextDecoder('utf-8');

/** Body bytes or text as a string (invalid UTF-8 becomes U+FFFD, as Go's decoder does). */
export function bodyText(body: string | Uint8Array): string {
  return typeof body === 'string' ? body : textDecoder.decode(body);
}

/** Parses JSON text; a syntax error throws a GoJsonError carrying encoding/json's message. */
export function parseGoJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new GoJsonError(goSyntaxError(text) ?? 'unexpected end of JSON input');
  }
}

/** The JSON kind Go names in an UnmarshalTypeError. */
export function goJsonKind(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'number':
      return 'number';
    case 'boolean':
      return 'bool';
    default:
      return 'object';
  }
}

/** encoding/json's UnmarshalTypeError text for a value decoded into `goType`. */
export function cannotUnmarshal(v: unknown, goType: string): GoJsonError {
  return new GoJsonError(`json: cannot unmarshal ${goJsonKind(v)} into Go value of type ${goType}`);
}

/** Go's quoteChar: how the scanner names the offending character. */
function quoteChar(c: string): string {
  if (c === "'") return `'\\''`;
  if (c === '"') return `'"'`;
  const code = c.codePointAt(0)!;
  let inner: string;
  if (c === '\\') inner = '\\\\';
  else if (code === 7) inner = '\\a';
  else if (code === 8) inner = '\\b';
  else if (code === 12) inner = '\\f';
  else if (code === 10) inner = '\\n';
  else if (code === 13) inner = '\\r';
  else if (code === 9) inner = '\\t';
  else if (code === 11) inner = '\\v';
  else if (code < 0x20 || code === 0x7f) inner = `\\x${code.toString(16).padStart(2, '0')}`;
  else inner = c;
  return `'${inner}'`;
}

const isSpace = (c: string): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r';
const isDigit = (c: string): boolean => c >= '0' && c <= '9';
const isHex = (c: string): boolean => isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');

/**
 * Scans `text` the way Go's scanner does and returns the message of the first error, or
 * undefined when the text is valid JSON.
 */
export function goSyntaxError(text: string): string | undefined {
  let i = 0;
  const n = text.length;
  const fail = (context: string): string => `invalid character ${quoteChar(String.fromCodePoint(text.codePointAt(i)!))} ${context}`;
  const EOF = 'unexpected end of JSON input';
  const skip = (): void => {
    while (i < n && isSpace(text[i]!)) i++;
  };

  // Returns an error message, or undefined after consuming one value.
  const value = (): string | undefined => {
    skip();
    if (i >= n) return EOF;
    const c = text[i]!;
    if (c === '{') {
      i++;
      skip();
      if (i >= n) return EOF;
      if (text[i] === '}') {
        i++;
        return undefined;
      }
      for (;;) {
        skip();
        if (i >= n) return EOF;
        if (text[i] !== '"') return fail('looking for beginning of object key string');
        const e = string();
        if (e) return e;
        skip();
        if (i >= n) return EOF;
        if (text[i] !== ':') return fail('after object key');
        i++;
        const v = value();
        if (v) return v;
        skip();
        if (i >= n) return EOF;
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return undefined;
        }
        return fail('after object key:value pair');
      }
    }
    if (c === '[') {
      i++;
      skip();
      if (i >= n) return EOF;
      if (text[i] === ']') {
        i++;
        return undefined;
      }
      for (;;) {
        const v = value();
        if (v) return v;
        skip();
        if (i >= n) return EOF;
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return undefined;
        }
        return fail('after array element');
      }
    }
    if (c === '"') return string();
    if (c === '-' || isDigit(c)) return number();
    for (const [word, name] of [
      ['true', 'true'],
      ['false', 'false'],
      ['null', 'null'],
    ] as const) {
      if (c === word[0]) {
        i++;
        for (let k = 1; k < word.length; k++) {
          if (i >= n) return EOF;
          if (text[i] !== word[k]) return fail(`in literal ${name} (expecting ${quoteChar(word[k]!)})`);
          i++;
        }
        return undefined;
      }
    }
    return fail('looking for beginning of value');
  };

  const string = (): string | undefined => {
    i++; // opening quote
    for (;;) {
      if (i >= n) return EOF;
      const c = text[i]!;
      if (c === '"') {
        i++;
        return undefined;
      }
      if (c === '\\') {
        i++;
        if (i >= n) return EOF;
        const e = text[i]!;
        if ('"\\/bfnrt'.includes(e)) {
          i++;
          continue;
        }
        if (e === 'u') {
          i++;
          for (let k = 0; k < 4; k++) {
            if (i >= n) return EOF;
            if (!isHex(text[i]!)) return fail('in \\u hexadecimal character escape');
            i++;
          }
          continue;
        }
        return fail('in string escape code');
      }
      if (c.charCodeAt(0) < 0x20) return fail('in string literal');
      i++;
    }
  };

  const number = (): string | undefined => {
    if (text[i] === '-') {
      i++;
      if (i >= n) return EOF;
      if (!isDigit(text[i]!)) return fail('in numeric literal');
    }
    if (text[i] === '0') i++;
    else while (i < n && isDigit(text[i]!)) i++;
    if (i < n && text[i] === '.') {
      i++;
      if (i >= n) return EOF;
      if (!isDigit(text[i]!)) return fail('after decimal point in numeric literal');
      while (i < n && isDigit(text[i]!)) i++;
    }
    if (i < n && (text[i] === 'e' || text[i] === 'E')) {
      i++;
      if (i >= n) return EOF;
      if (text[i] === '+' || text[i] === '-') {
        i++;
        if (i >= n) return EOF;
      }
      if (!isDigit(text[i]!)) return fail('in exponent of numeric literal');
      while (i < n && isDigit(text[i]!)) i++;
    }
    return undefined;
  };

  const err = value();
  if (err) return err;
  skip();
  if (i < n) return fail('after top-level value');
  return undefined;
}

/**
 * The keys repeated within one object of valid JSON text, with their (1-based) line: what strict
 * decoding reports and plain decoding silently resolves (the last one wins).
 */
export function duplicateJsonKeys(text: string): Array<{ key: string; line: number }> {
  const out: Array<{ key: string; line: number }> = [];
  const stack: Array<Set<string> | null> = [];
  let line = 1;
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\n') line++;
    else if (c === '{') {
      stack.push(new Set());
      expectKey = true;
    } else if (c === '[') {
      stack.push(null);
      expectKey = false;
    } else if (c === '}' || c === ']') {
      stack.pop();
      expectKey = false;
    } else if (c === ',') {
      expectKey = stack[stack.length - 1] !== null && stack.length > 0;
    } else if (c === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      if (expectKey) {
        const key = JSON.parse(text.slice(i, j + 1)) as string;
        const keys = stack[stack.length - 1]!;
        if (keys.has(key)) out.push({ key, line });
        keys.add(key);
        expectKey = false;
      }
      i = j;
    }
  }
  return out;
}
