// The upstream oracle for differential tests: test/patch/oracle/main.go built (once, cached by
// the source's hash) into the git-ignored .cache/patch-oracle from the Go module proxy, then run
// as one child process answering JSON lines. When Go or the module proxy is not reachable the
// oracle is unavailable and the differential tests skip.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const cacheDir = join(root, '.cache', 'patch-oracle');
const buildDir = join(cacheDir, 'build');
const binary = join(cacheDir, 'oracle');
const source = join(here, 'oracle', 'main.go');

const GO_MOD = `module kubets.local/patchoracle

go 1.24

require (
	gopkg.in/evanphx/json-patch.v4 v4.12.0
	k8s.io/api v0.33.13
	k8s.io/apimachinery v0.33.13
	k8s.io/kube-openapi v0.0.0-20250318190949-c8a335a9a2ff
	sigs.k8s.io/structured-merge-diff/v4 v4.6.0
	sigs.k8s.io/yaml v1.4.0
)
`;

export interface OracleAnswer {
  ok?: unknown;
  error?: string;
  code?: number;
  reason?: string;
  status?: Record<string, unknown>;
}

/** Builds the oracle if needed; returns the binary path, or undefined when it cannot be built. */
function build(): string | undefined {
  const hash = createHash('sha256').update(readFileSync(source)).update(GO_MOD).digest('hex');
  const stamp = join(cacheDir, 'oracle.sha256');
  if (existsSync(binary) && existsSync(stamp) && readFileSync(stamp, 'utf8') === hash) return binary;
  if (spawnSync('go', ['version']).status !== 0) return undefined;
  // jest workers may build at the same time: each in its own folder, then an atomic rename
  const dir = `${buildDir}-${process.pid}`;
  mkdirSync(dir, { recursive: true });
  copyFileSync(source, join(dir, 'main.go'));
  writeFileSync(join(dir, 'go.mod'), GO_MOD);
  const env = { ...process.env, GOMODCACHE: join(cacheDir, 'mod'), GOFLAGS: '-mod=mod', GOTOOLCHAIN: 'local' };
  const built = `${binary}.${process.pid}`;
  for (const args of [['mod', 'tidy'], ['build', '-o', built, '.']]) {
    const r = spawnSync('go', args, { cwd: dir, env, encoding: 'utf8', timeout: 540_000 });
    if (r.status !== 0) {
      process.stderr.write(`patch oracle unavailable: go ${args.join(' ')}: ${r.stderr}\n`);
      rmSync(dir, { recursive: true, force: true });
      return undefined;
    }
  }
  renameSync(built, binary);
  writeFileSync(stamp, hash);
  rmSync(dir, { recursive: true, force: true });
  return binary;
}

export class Oracle {
  private readonly pending: Array<(answer: OracleAnswer) => void> = [];

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    createInterface({ input: child.stdout }).on('line', (line) => this.pending.shift()?.(JSON.parse(line)));
  }

  /** Starts the oracle, or returns undefined (with a note on stderr) when it is not available. */
  static start(): Oracle | undefined {
    if (process.env['KUBETS_SKIP_PATCH_ORACLE']) return undefined;
    const bin = build();
    if (bin === undefined) return undefined;
    const child = spawn(bin, [], {
      env: { ...process.env, OPENAPI_V3_DIR: join(root, '.cache', 'upstream', 'openapi', 'v3') },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    return new Oracle(child);
  }

  ask(request: Record<string, unknown>): Promise<OracleAnswer> {
    return new Promise((resolve) => {
      this.pending.push(resolve);
      this.child.stdin.write(`${JSON.stringify(request)}\n`);
    });
  }

  stop(): void {
    this.child.stdin.end();
    this.child.kill();
  }
}
