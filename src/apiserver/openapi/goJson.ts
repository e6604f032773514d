// JSON text as Go's encoding/json writes it: compact, with `<`, `>`, `&`, U+2028 and U+2029
// escaped, so a document kubets serves reads byte for byte like a Go server's for the same value.

const goEscapes: Record<string, string> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

/** The compact JSON bytes of a value, HTML-escaped the way Go's json.Marshal does. */
export function goJsonBytes(value: unknown): Buffer {
  const text = JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => goEscapes[c]);
  return Buffer.from(text, 'utf8');
}
