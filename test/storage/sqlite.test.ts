import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStorage } from '../../src/storage/sqlite/sqliteStorage.js';
import { runStorageSuite } from './storageSuite.js';

runStorageSuite('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kubets-sqlite-'));
  const storage = new SqliteStorage(join(dir, 'kubets.db'));
  return {
    storage,
    async cleanup() {
      await storage.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
