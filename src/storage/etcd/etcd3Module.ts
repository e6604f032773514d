// The etcd3 client library, loaded on first use: it pulls in gRPC and parses its protobuf
// definitions (about a tenth of a second), which a process that only uses SQLite never needs.
import { createRequire } from 'node:module';

type Etcd3Module = typeof import('etcd3');

let loaded: Etcd3Module | undefined;

export function etcd3(): Etcd3Module {
  loaded ??= createRequire(import.meta.url)('etcd3') as Etcd3Module;
  return loaded;
}
