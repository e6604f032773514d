#!/usr/bin/env node
// Generates what the API server serves from the upstream artifacts that
// hack/fetch-api-artifacts.sh put in .cache/upstream/:
//   src/generated/discovery/resources.json  every resource of every stable (GA) group-version
//     kube-apiserver v1.33 serves by default, with its kind, scope, verbs, short names,
//     categories and subresources (alpha and beta versions are off by default upstream);
//   src/generated/openapi/{v2,v3}/  the OpenAPI documents (served, and read for patch and
//     field-validation schemas).
// Quiet on success; a re-run with the same input is a no-op.
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const input = join(root, '.cache/upstream/discovery');
const output = join(root, 'src/generated/discovery/resources.json');
const read = (name) => JSON.parse(readFileSync(join(input, name), 'utf8'));
const stable = (version) => /^v\d+$/.test(version);

const groups = [{ name: '', preferredVersion: 'v1', versions: ['v1'] }];
for (const group of read('apis.json').groups) {
  const versions = group.versions.map((v) => v.version).filter(stable);
  if (versions.length === 0) continue;
  const preferred = stable(group.preferredVersion.version) ? group.preferredVersion.version : versions[0];
  groups.push({ name: group.name, preferredVersion: preferred, versions });
}

const resources = [];
for (const group of groups) {
  for (const version of group.versions) {
    const file = group.name === '' ? 'api__v1.json' : `apis__${group.name}__${version}.json`;
    const list = read(file).resources;
    for (const entry of list.filter((r) => !r.name.includes('/'))) {
      const subresources = list
        .filter((r) => r.name.startsWith(`${entry.name}/`))
        .map((r) => ({
          name: r.name.slice(entry.name.length + 1),
          kind: r.kind,
          ...(r.group !== undefined ? { group: r.group, version: r.version } : {}),
          verbs: r.verbs,
        }));
      resources.push({
        group: group.name,
        version,
        resource: entry.name,
        singular: entry.singularName,
        kind: entry.kind,
        namespaced: entry.namespaced,
        verbs: entry.verbs,
        ...(entry.shortNames ? { shortNames: entry.shortNames } : {}),
        ...(entry.categories ? { categories: entry.categories } : {}),
        ...(entry.storageVersionHash ? { storageVersionHash: entry.storageVersionHash } : {}),
        subresources,
      });
    }
  }
}

const openapiOut = join(root, 'src/generated/openapi');
const openapiStamp = join(openapiOut, '.stamp');
const upstreamStamp = readFileSync(join(root, '.cache/upstream/.stamp'), 'utf8');
if (!existsSync(openapiStamp) || readFileSync(openapiStamp, 'utf8') !== upstreamStamp) {
  cpSync(join(root, '.cache/upstream/openapi'), openapiOut, { recursive: true });
  writeFileSync(openapiStamp, upstreamStamp);
}

const text = JSON.stringify({ groups, resources }, null, 1) + '\n';
if (!existsSync(output) || readFileSync(output, 'utf8') !== text) {
  mkdirSync(dirname(output), { recursive: true });
  writeFileSync(output, text);
}
