// The upstream oracle for the field validation differential tests: oracle/main.go built (once,
// cached by the source's hash) into the git-ignored .cache/fieldvalidation-oracle from the Go
// module proxy, then run as one child process answering JSON lines. When Go or the module proxy
// is not reachable the oracle is unavailable and the differential tests skip.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..', '..');
const cacheDir = join(root, '.cache', 'fieldvalidation-oracle');
const buildDir = join(cacheDir, 'build');
const binary = join(cacheDir, 'oracle');
const source = join(here, 'oracle', 'main.go');

const GO_MOD = `module kubets.local/fieldvalidationoracle

go 1.24

require (
	gopkg.in/evanphx/json-patch.v4 v4.12.0
	k8s.io/api v0.33.13
	k8s.io/apimachinery v0.33.13
	sigs.k8s.io/json v0.0.0-20241010143419-9aa6b5e7a4b3
	sigs.k8s.io/yaml v1.4.0
)
`;

export interface OracleAnswer {
  errors?: string[] | null;
  fatal?: string;
  patched?: string;
  text?: string;
}

/** Builds the oracle if needed; returns the binary path, or undefined when it cannot be built. */
function build(): string | undefined {
  const hash = createHash('sha256').update(readFileSync(source)).update(GO_MOD).digest('hex');
  const stamp = join(cacheDir, 'oracle.sha256');
  if (existsSync(binary) && existsSync(stamp) && readFileSync(stamp, 'utf8') === hash) return binary;
  if (spawnSync('go', ['version']).status !== 0) return undefined;
  mkdirSync(buildDir, { recursive: true });
  copyFileSync(source, join(buildDir, 'main.go'));
  writeFileSync(join(buildDir, 'go.mod'), GO_MOD);
  // modules another oracle already downloaded are served from its cache first
  const proxies = [join(root, '.cache', 'patch-oracle', 'mod', 'cache', 'download')]
    .filter((dir) => existsSync(dir))
    .map((dir) => `file://${dir}`);
  const env = {
    ...process.env,
    GOMODCACHE: join(cacheDir, 'mod'),
    GOFLAGS: '-mod=mod',
    GOTOOLCHAIN: 'local',
    GOPROXY: [...proxies, process.env['GOPROXY'] ?? 'https://proxy.golang.org,direct'].join(','),
  };
  for (const args of [['mod', 'tidy'], ['build', '-o', binary, '.']]) {
    const r = spawnSync('go', args, { cwd: buildDir, env, encoding: 'utf8', timeout: 540_000 });
    if (r.status !== 0) {
      process.stderr.write(`field validation oracle unavailable: go ${args.join(' ')}: ${r.stderr}\n`);
      return undefined;
    }
  }
  writeFileSync(stamp, hash);
  return binary;
}

export class Oracle {
  private readonly pending: Array<(answer: OracleAnswer) => void> = [];

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    createInterface({ input: child.stdout }).on('line', (line) => this.pending.shift()?.(JSON.parse(line) as OracleAnswer));
  }

  /** Starts the oracle, or returns undefined (with a note on stderr) when it is not available. */
  static start(): Oracle | undefined {
    if (process.env['KUBETS_SKIP_PATCH_ORACLE']) return undefined;
    const bin = build();
    if (bin === undefined) return undefined;
    return new Oracle(spawn(bin, [], { stdio: ['pipe', 'pipe', 'pipe'] }));
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
