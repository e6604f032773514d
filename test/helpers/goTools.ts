// The Go programs hack/install-go-tools.sh builds at pinned versions into .cache/go-tools/bin
// (`node hack/setup.mjs --with-test-tools`, which `npm test` runs, calls it): helm and kwok.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const BIN_DIR = join(import.meta.dirname, '..', '..', '.cache', 'go-tools', 'bin');

function goTool(name: string): string {
  const path = join(BIN_DIR, name);
  if (!existsSync(path)) throw new Error(`${path} is missing: run bash hack/install-go-tools.sh`);
  return path;
}

export const helmBinary = (): string => goTool('helm');
export const kwokBinary = (): string => goTool('kwok');
export const kwokctlBinary = (): string => goTool('kwokctl');
