// The simulated runtime's stand-in for a container's processes: a small interpreter of the
// shell commands pods typically run (`sh -c "echo hi; sleep 5; exit 3"`, `while true; do ...;
// done`, `touch /tmp/healthy`, `cat /etc/hostname`, `echo $VAR > file`), against a per-
// container map of files instead of a filesystem. Sequences (`;`, `&&`, `||`, newlines),
// `while` loops, `$VAR`/`${VAR}` from the environment and the redirections `> file`, `>> file`,
// `>&2`, `2>&1`, `2> file` (`/dev/null` discards) are understood; builtins are echo, printf,
// cat (stdin without files), sleep, exit, exec, true, false, :, touch, rm, mkdir, hostname,
// env, tty, test/[ -f|-e ], kill and wait (no-ops); a bare `sh` with an input reads its
// commands from it (`kubectl exec -it pod -- sh`); `httpd -f` and `nginx` run in the
// foreground until stopped (simulated web servers, which port-forward reaches). Any other
// command does nothing and succeeds, so probes and images' own binaries behave as if present.
import { setTimeout as sleep } from 'node:timers/promises';
import type { InputPipe } from './inputPipe.js';

export interface ProcessContext {
  files: Map<string, string>;
  env: Record<string, string>;
  stdout(text: string): void;
  stderr(text: string): void;
  /** A file's content from the container's mounts (volumes), when it is not in `files`. */
  readMounted?(path: string): string | undefined;
  /** Aborted when the process is killed: a pending sleep ends the run. */
  signal: AbortSignal;
  /** Its standard input, when it has one (exec -i, a container with stdin). */
  stdin?: InputPipe;
  /** Whether its standard streams are a terminal (exec -t, a container with tty). */
  tty?: boolean;
}

type Word = string;
/** Where one of a command's output streams (1 stdout, 2 stderr) goes instead. */
interface Redirect {
  fd: 1 | 2;
  to: { file: string; append: boolean } | { fd: 1 | 2 };
}
type Node =
  | { kind: 'command'; words: Word[]; redirects: Redirect[] }
  | { kind: 'while'; condition: Sequence; body: Sequence };
interface Sequence { items: { node: Node; op: ';' | '&&' | '||' }[] }

class Exit {
  constructor(readonly code: number) {}
}

const operators = ['&&', '||', '>>', '>&2', ';', '&', '|', '>', '\n'];
/** Redirections that start with a stream's number, recognized at the start of a word. */
const numberedRedirections = ['2>&1', '1>&2', '2>>', '2>', '1>>', '1>'];
const redirections: Record<string, (target: string) => Redirect> = {
  '>': (file) => ({ fd: 1, to: { file, append: false } }),
  '1>': (file) => ({ fd: 1, to: { file, append: false } }),
  '>>': (file) => ({ fd: 1, to: { file, append: true } }),
  '1>>': (file) => ({ fd: 1, to: { file, append: true } }),
  '2>': (file) => ({ fd: 2, to: { file, append: false } }),
  '2>>': (file) => ({ fd: 2, to: { file, append: true } }),
};
const duplications: Record<string, Redirect> = { '>&2': { fd: 1, to: { fd: 2 } }, '1>&2': { fd: 1, to: { fd: 2 } }, '2>&1': { fd: 2, to: { fd: 1 } } };

function tokenize(script: string, env: Record<string, string>): string[] {
  const tokens: string[] = [];
  let word: string | null = null;
  const expand = (text: string) => text.replace(/\$\{(\w+)\}|\$(\w+)/g, (_m, a, b) => env[a ?? b] ?? '');
  for (let i = 0; i < script.length;) {
    const c = script[i];
    if (c === ' ' || c === '\t') { if (word !== null) tokens.push(word); word = null; i++; continue; }
    const numbered = word === null ? numberedRedirections.find((o) => script.startsWith(o, i)) : undefined;
    if (numbered) { tokens.push(numbered); i += numbered.length; continue; }
    const op = operators.find((o) => script.startsWith(o, i));
    if (op) { if (word !== null) tokens.push(word); word = null; tokens.push(op === '&' || op === '|' || op === '\n' ? ';' : op); i += op.length; continue; }
    if (c === "'") { const end = script.indexOf("'", i + 1); word = (word ?? '') + script.slice(i + 1, end < 0 ? undefined : end); i = end < 0 ? script.length : end + 1; continue; }
    if (c === '"') { const end = script.indexOf('"', i + 1); word = (word ?? '') + expand(script.slice(i + 1, end < 0 ? undefined : end)); i = end < 0 ? script.length : end + 1; continue; }
    const m = /^[^\s'";&|>]+/.exec(script.slice(i))!;
    word = (word ?? '') + expand(m[0]);
    i += m[0].length;
  }
  if (word !== null) tokens.push(word);
  return tokens;
}

function parse(tokens: string[]): Sequence {
  let at = 0;
  const sequence = (until: string[]): Sequence => {
    const items: Sequence['items'] = [];
    let op: ';' | '&&' | '||' = ';';
    while (at < tokens.length && !until.includes(tokens[at])) {
      if (tokens[at] === ';' || tokens[at] === '&&' || tokens[at] === '||') { op = tokens[at++] as typeof op; continue; }
      items.push({ node: node(until), op });
      op = ';';
    }
    return { items };
  };
  /** One command or loop; `until` are the keywords that end the sequence it is in. */
  const node = (until: string[]): Node => {
    if (tokens[at] === 'while') {
      at++;
      const condition = sequence(['do']);
      at++;
      const body = sequence(['done']);
      at++;
      return { kind: 'while', condition, body };
    }
    const words: Word[] = [];
    const redirects: Redirect[] = [];
    // A keyword ends the command only where a command would start (`echo done` prints it).
    while (at < tokens.length && ![';', '&&', '||'].includes(tokens[at]) && !(words.length === 0 && redirects.length === 0 && until.includes(tokens[at]))) {
      const token = tokens[at++];
      if (redirections[token]) redirects.push(redirections[token](tokens[at++] ?? ''));
      else if (duplications[token]) redirects.push(duplications[token]);
      else words.push(token);
    }
    return { kind: 'command', words, redirects };
  };
  return sequence([]);
}

async function runSequence(sequence: Sequence, context: ProcessContext): Promise<number> {
  let status = 0;
  for (const { node, op } of sequence.items) {
    if ((op === '&&' && status !== 0) || (op === '||' && status === 0)) continue;
    status = await runNode(node, context);
  }
  return status;
}

async function runNode(node: Node, context: ProcessContext): Promise<number> {
  if (node.kind === 'while') {
    let status = 0;
    while ((await runSequence(node.condition, context)) === 0) {
      status = await runSequence(node.body, context);
      await new Promise((resolve) => setImmediate(resolve));
    }
    return status;
  }
  if (node.words.length === 0) return 0;
  const streams = { 1: context.stdout, 2: context.stderr };
  for (const { fd, to } of node.redirects) {
    if ('fd' in to) streams[fd] = streams[to.fd];
    else if (to.file === '/dev/null') streams[fd] = () => undefined;
    else {
      if (!to.append) context.files.set(to.file, '');
      streams[fd] = (text) => context.files.set(to.file, (context.files.get(to.file) ?? '') + text);
    }
  }
  return builtin(node.words, { ...context, stdout: streams[1], stderr: streams[2] });
}

/** Copies the standard input to the standard output until it ends. */
async function copyInput(context: ProcessContext): Promise<void> {
  if (!context.stdin) return;
  try {
    for (let chunk = await context.stdin.read(context.signal); chunk !== undefined; chunk = await context.stdin.read(context.signal)) {
      context.stdout(chunk);
    }
  } catch {
    throw new Exit(137);
  }
}

async function builtin([name, ...args]: Word[], context: ProcessContext): Promise<number> {
  const { files } = context;
  switch (name.replace(/^.*\//, '')) {
    case 'echo': {
      const newline = args[0] !== '-n';
      context.stdout(args.slice(newline ? 0 : 1).join(' ') + (newline ? '\n' : ''));
      return 0;
    }
    case 'printf':
      context.stdout((args[0] ?? '').replace(/\\n/g, '\n').replace(/%s/g, () => args.splice(1, 1)[0] ?? ''));
      return 0;
    case 'cat': {
      let status = 0;
      if (args.length === 0) await copyInput(context);
      for (const file of args) {
        if (file === '-') {
          await copyInput(context);
          continue;
        }
        const content = files.get(file) ?? context.readMounted?.(file);
        if (content === undefined) {
          context.stderr(`cat: can't open '${file}': No such file or directory\n`);
          status = 1;
        } else context.stdout(content);
      }
      return status;
    }
    case 'sleep': {
      const seconds = args[0] === 'infinity' ? Infinity : Number.parseFloat(args[0] ?? '0');
      await pause(Number.isFinite(seconds) ? seconds * 1000 : undefined, context.signal);
      return 0;
    }
    case 'exit':
      throw new Exit(Number.parseInt(args[0] ?? '0', 10) || 0);
    case 'exec':
      throw new Exit(args.length ? await builtin(args, context) : 0);
    case 'tty':
      context.stdout(context.tty ? '/dev/pts/0\n' : 'not a tty\n');
      return context.tty ? 0 : 1;
    case 'httpd':
      // busybox httpd stays in the foreground with -f only; nginx's images run it so.
      if (!args.includes('-f')) return 0;
      await pause(undefined, context.signal);
      return 0;
    case 'nginx':
      await pause(undefined, context.signal);
      return 0;
    case 'false':
      return 1;
    case 'touch':
      for (const file of args) if (!files.has(file)) files.set(file, '');
      return 0;
    case 'rm':
      for (const file of args.filter((a) => !a.startsWith('-'))) files.delete(file);
      return 0;
    case 'hostname':
      context.stdout(`${context.env.HOSTNAME ?? ''}\n`);
      return 0;
    case 'env':
      context.stdout(Object.entries(context.env).map(([k, v]) => `${k}=${v}\n`).join(''));
      return 0;
    case 'test':
    case '[':
      return (args[0] === '-f' || args[0] === '-e') && (files.has(args[1] ?? '') || context.readMounted?.(args[1] ?? '') !== undefined) ? 0 : 1;
    default:
      return 0;
  }
}

/**
 * Waits `ms` (forever when undefined) or until the signal aborts. A simulated process never
 * keeps the Node.js process alive by itself.
 */
async function pause(ms: number | undefined, signal: AbortSignal): Promise<void> {
  if (signal.aborted) throw new Exit(137);
  try {
    if (ms === undefined) await new Promise((_resolve, reject) => signal.addEventListener('abort', reject, { once: true }));
    else await sleep(ms, undefined, { signal, ref: false });
  } catch {
    throw new Exit(137);
  }
}

/** A shell reading its commands from its input, a line at a time, with busybox's prompt on a
 * terminal; it ends with its input (the last status) or an `exit`. */
async function interactiveShell(stdin: InputPipe, context: ProcessContext): Promise<number> {
  const prompt = () => {
    if (context.tty) context.stdout('/ # ');
  };
  let pending = '';
  let status = 0;
  prompt();
  for (;;) {
    const chunk = await stdin.read(context.signal).catch(() => {
      throw new Exit(137);
    });
    if (chunk === undefined) return status;
    pending += chunk;
    for (let end = pending.indexOf('\n'); end >= 0; end = pending.indexOf('\n')) {
      const line = pending.slice(0, end);
      pending = pending.slice(end + 1);
      status = await runSequence(parse(tokenize(line, context.env)), context);
      prompt();
    }
  }
}

/** Runs argv (`sh -c SCRIPT`, a shell reading its input, or a plain command line) to its exit code. */
export async function runProcess(argv: string[], context: ProcessContext): Promise<number> {
  const shellProgram = /(^|\/)(ba)?sh$/.test(argv[0] ?? '');
  const shell = shellProgram && argv[1] === '-c';
  const tokens = shell
    ? tokenize(argv[2] ?? '', context.env)
    : argv.map((word) => word.replace(/\$\((\w+)\)/g, (_m, name) => context.env[name] ?? ''));
  try {
    if (shellProgram && !shell && argv.length === 1 && context.stdin) return await interactiveShell(context.stdin, context);
    return await runSequence(parse(tokens), context);
  } catch (error) {
    if (error instanceof Exit) return error.code;
    throw error;
  }
}

/** Sleeps until the signal aborts: a process that never ends by itself. */
export function runForever(signal: AbortSignal): Promise<number> {
  return pause(undefined, signal).then(() => 0, (error: unknown) => (error instanceof Exit ? error.code : 137));
}
