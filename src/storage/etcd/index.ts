// storage/etcd: the etcd v3 backend of the storage contract, for more than one API server
// process. It maps the contract onto etcd's KV and Watch services through the `etcd3` client.
// It may import the storage contract (../storage.js, ../errors.js) and etcd3, nothing else.
export { EtcdStorage } from './etcdBackend.js';
export type { EtcdStorageOptions } from './etcdBackend.js';
export { EtcdWatch } from './etcdWatch.js';
