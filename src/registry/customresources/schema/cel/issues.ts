// Compile errors of a rule in cel-go's layout, as upstream quotes them after "compilation
// failed: ": `ERROR: <input>:1:6: <message>` then the source line and a caret under the column.
// The messages use cel-go's words for what the checker found (undefined field, undeclared
// reference, no matching overload) and name operators the way cel-go does (`_==_`).
import { kubernetesLibrary } from './library.js';
import { writtenName } from './renamedCalls.js';

interface LibraryError {
  code?: string;
  summary?: string;
  message: string;
  range?: { start: number; end: number };
  node?: { args?: unknown };
}

/** The names of every function rules may call. */
const FUNCTIONS = new Set(kubernetesLibrary.clone().getDefinitions().functions.map((f) => f.name));

/** The objects namespaced functions are methods of, by the namespace rules write. */
const NAMESPACES: Record<string, string> = {
  'kubernetes.SetsNamespace': 'sets', 'kubernetes.StringsNamespace': 'strings', 'kubernetes.IPNamespace': 'ip', 'kubernetes.FormatLibrary': 'format',
};

const OPERATORS: Record<string, string> = {
  '==': '_==_', '!=': '_!=_', '<': '_<_', '<=': '_<=_', '>': '_>_', '>=': '_>=_',
  '+': '_+_', '-': '_-_', '*': '_*_', '/': '_/_', '%': '_%_', in: '@in', '&&': '_&&_', '||': '_||_',
};

/** cel-go's spelling of a type: list(string), map(string, int). */
function celGoType(type: string): string {
  return type.replace(/</g, '(').replace(/>/g, ')');
}

/** The offset cel-go reports an error of the library's at, and its message. */
function located(error: LibraryError, source: string): { offset: number; message: string } {
  const summary = error.summary ?? error.message.split('\n')[0]!;
  const start = error.range?.start ?? 0;
  switch (error.code) {
    case 'no_such_key': {
      const field = summary.replace(/^No such key: /, '');
      return { offset: Math.max(0, start - 1), message: `undefined field '${field}'` };
    }
    case 'unknown_variable':
      return { offset: start, message: `undeclared reference to '${summary.replace(/^Unknown variable: /, '')}' (in container '')` };
    case 'no_such_overload': {
      const match = /^no such overload: (.+) (\S+) (.+)$/.exec(summary);
      if (!match) break;
      const [, left, op, right] = match;
      const name = OPERATORS[op!] ?? op!;
      const leftNode = (error.node?.args as Array<{ end?: number }> | undefined)?.[0];
      const at = source.indexOf(op!, leftNode?.end ?? start);
      return { offset: at >= 0 ? at : start, message: `found no matching overload for '${name}' applied to '(${celGoType(left!)}, ${celGoType(right!)})'` };
    }
    case 'no_matching_overload': {
      const match = /^found no matching overload for '(?:(.+)\.)?([\w]+)\((.*)\)'$/.exec(summary);
      if (!match) break;
      const [, receiver, renamed, args] = match;
      const name = writtenName(renamed!);
      if (!FUNCTIONS.has(renamed!)) {
        const at = receiver ? source.indexOf(`.${name}`, start) : start;
        return { offset: at >= 0 ? at : start, message: `undeclared reference to '${name}' (in container '')` };
      }
      const namespace = receiver !== undefined ? NAMESPACES[receiver] : undefined;
      if (namespace) return { offset: start, message: `found no matching overload for '${namespace}.${name}' applied to '(${celGoType(args!)})'` };
      const applied = receiver ? `${celGoType(receiver)}.(${celGoType(args!)})` : `(${celGoType(args!)})`;
      const at = receiver ? source.indexOf(`.${name}`, start) : start;
      return { offset: at >= 0 ? at : start, message: `found no matching overload for '${name}' applied to '${applied}'` };
    }
    default:
      if (error.code && /token|parse|syntax|expected/i.test(`${error.code} ${summary}`)) {
        return { offset: start, message: `Syntax error: ${summary}` };
      }
  }
  return { offset: start, message: summary };
}

/** An error of the CEL library as cel-go's issues.String() prints it. */
export function issueText(error: LibraryError, source: string): string {
  const { offset, message } = located(error, source);
  const before = source.slice(0, offset);
  const line = before.split('\n').length;
  const lineStart = before.lastIndexOf('\n') + 1;
  const column = [...source.slice(lineStart, offset)].length;
  const text = source.split('\n')[line - 1] ?? '';
  return `ERROR: <input>:${line}:${column + 1}: ${message}\n | ${text.replace(/\t/g, ' ')}\n | ${'.'.repeat(column)}^`;
}

/** A runtime error's text as cel-go words it (`no such key: x`, `division by zero`). */
export function runtimeErrorText(error: LibraryError): string {
  const summary = error.summary ?? error.message.split('\n')[0]!;
  const index = /^No such key: index out of bounds, index (-?\d+) (?:< 0|>= size (\d+))/.exec(summary);
  if (index) return `index '${index[1]}' out of range in list size '${index[2] ?? '?'}'`;
  if (summary.startsWith('No such key: ')) return `no such key: ${summary.slice('No such key: '.length)}`;
  switch (error.code) {
    case 'modulo_by_zero': return 'modulus by zero';
    case 'numeric_overflow': return summary.startsWith('integer overflow') ? 'integer overflow' : summary;
    case 'optional_value_missing': return 'optional.none() dereference';
    default: break;
  }
  if (/^(no such overload|found no matching overload)/.test(summary)) return 'no such overload';
  return summary;
}
