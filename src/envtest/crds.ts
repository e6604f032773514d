// Reading CustomResourceDefinitions from a folder: every .yaml, .yml and .json file in it (not
// its subfolders), in name order; YAML files may hold several documents. Documents that are not
// CustomResourceDefinitions are skipped, as controller-runtime's envtest does.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { parseAllDocuments } from 'yaml';

export interface CrdObject {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; [key: string]: unknown };
  spec?: unknown;
  [key: string]: unknown;
}

const extensions = new Set(['.yaml', '.yml', '.json']);

function isCrd(document: unknown): document is CrdObject {
  return typeof document === 'object' && document !== null && (document as CrdObject).kind === 'CustomResourceDefinition';
}

/** Parses one file's text: JSON, or YAML with any number of documents. */
export function parseCrds(text: string, source: string): CrdObject[] {
  const documents = parseAllDocuments(text);
  const found: CrdObject[] = [];
  for (const document of Array.isArray(documents) ? documents : [documents]) {
    if (document.errors.length > 0) throw new Error(`${source}: ${document.errors[0].message}`);
    const value: unknown = document.toJS();
    const items = typeof value === 'object' && value !== null && (value as { kind?: string }).kind === 'List'
      ? ((value as { items?: unknown[] }).items ?? [])
      : [value];
    for (const item of items) {
      if (!isCrd(item)) continue;
      if (item.apiVersion !== 'apiextensions.k8s.io/v1') {
        throw new Error(`${source}: CustomResourceDefinition ${item.metadata?.name ?? ''} is ${item.apiVersion}; only apiextensions.k8s.io/v1 is served`);
      }
      found.push(item);
    }
  }
  return found;
}

/** The CustomResourceDefinitions in the folder's files. Throws if the folder does not exist. */
export function readCrdDirectory(directory: string): CrdObject[] {
  if (!statSync(directory).isDirectory()) throw new Error(`${directory} is not a directory`);
  return readdirSync(directory, { withFileTypes: true })
    .filter((entry) => entry.isFile() && extensions.has(extname(entry.name).toLowerCase()))
    .map((entry) => entry.name)
    .sort()
    .flatMap((name) => {
      const path = join(directory, name);
      return parseCrds(readFileSync(path, 'utf8'), path);
    });
}
