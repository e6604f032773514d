#!/usr/bin/env node
// The set-up `npm start`, `npm test` and `npm run bench` run first, so a fresh clone needs no
// other step: npm dependencies, the pinned upstream API artifacts, the code generated from
// them, and the build. Every step is skipped when it is already up to date.
//   --with-test-tools   also install what the tests need: system packages (etcd, ...) and the
//                       Go programs they drive kubets with (helm, kwok), built at pinned versions
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const withTestTools = process.argv.includes('--with-test-tools');

function run(command, args) {
  execFileSync(command, args, { cwd: root, stdio: 'inherit' });
}

function modified(path) {
  return existsSync(join(root, path)) ? statSync(join(root, path)).mtimeMs : 0;
}

if (modified('node_modules/.package-lock.json') < modified('package-lock.json')) {
  console.log('kubets setup: installing npm dependencies (the first install compiles better-sqlite3: a few minutes)');
  // `npm install`, not `npm ci`: the registry reachable here lacks some packages for other
  // platforms (optional native bindings), which leaves the lock file incomplete for `npm ci`.
  run('npm', ['install', '--no-audit', '--no-fund']);
}
if (withTestTools) run('bash', ['hack/install-system-deps.sh']);
if (withTestTools) run('bash', ['hack/install-go-tools.sh']);
run('bash', ['hack/fetch-api-artifacts.sh']);
run('node', ['hack/generate-api.mjs']);
run('node', ['hack/generate-discovery.mjs']);
run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json']);
