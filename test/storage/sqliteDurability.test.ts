// A writer process is SIGKILLed in the middle of a load; the store, reopened, must hold every
// write it acknowledged and nothing half-written.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { SqliteStorage } from '../../src/storage/sqlite/sqliteStorage.js';

function unseal(value: Buffer): Record<string, unknown> {
  const { body, sha256 } = JSON.parse(value.toString()) as { body: string; sha256: string };
  expect(createHash('sha256').update(body).digest('hex')).toBe(sha256);
  return JSON.parse(body) as Record<string, unknown>;
}

test('sqlite: a SIGKILLed writer loses no acknowledged write and leaves nothing half-written', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kubets-durable-'));
  const path = join(dir, 'kubets.db');
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'fixtures/sqliteWriter.ts'), path], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const created = new Map<string, number>();
  const counters = new Map<string, { revision: number; counter: number }>();
  await new Promise<void>((resolve, reject) => {
    child.on('exit', (code) => reject(new Error(`writer exited early with ${code}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const [op, key, revision, counter] = line.split(' ');
      if (op === 'create') created.set(key, Number(revision));
      else counters.set(key, { revision: Number(revision), counter: Number(counter) });
      if (created.size === 3000) {
        child.removeAllListeners('exit');
        child.kill('SIGKILL');
        child.on('exit', () => resolve());
      }
    });
  });

  const storage = new SqliteStorage(path);
  try {
    for (const [key, revision] of created) {
      const kv = await storage.get(key);
      expect(kv?.modRevision).toBe(revision);
      expect(unseal(kv!.value).key).toBe(key);
    }
    for (const [key, acked] of counters) {
      const kv = await storage.get(key);
      expect(kv!.modRevision).toBeGreaterThanOrEqual(acked.revision);
      expect(unseal(kv!.value).counter as number).toBeGreaterThanOrEqual(acked.counter);
    }
    const all = await storage.list('/');
    expect(all.kvs.length).toBeGreaterThanOrEqual(created.size);
    for (const kv of all.kvs) unseal(kv.value);
    const maxAcked = Math.max(...created.values());
    const after = await storage.create('/after-restart', Buffer.from('x'));
    expect(after.modRevision).toBeGreaterThan(maxAcked);
    expect(after.modRevision).toBeGreaterThan(all.revision);
  } finally {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
