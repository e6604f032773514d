// Finds the build-time generated API files (src/generated/, made by hack/generate-api.mjs) at
// run time. The package root is the nearest folder above this module holding package.json, so
// it resolves the same from src/ (jest, tsx) and from dist/ (after tsc).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let packageRoot: string | undefined;

/** The folder holding kubets' package.json. */
export function kubetsRoot(): string {
  if (packageRoot !== undefined) return packageRoot;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return (packageRoot = dir);
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

/** Absolute path of a generated file, e.g. `generatedPath('proto/k8s.json')`. */
export function generatedPath(relative: string): string {
  return join(kubetsRoot(), 'src', 'generated', relative);
}

/** Reads and parses a generated JSON file; says how to make it when it is missing. */
export function readGeneratedJson<T>(relative: string): T {
  const path = generatedPath(relative);
  if (!existsSync(path)) {
    throw new Error(`${path} is missing: run \`npm run setup\` (or \`npm run fetch-api && npm run generate\`)`);
  }
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}
