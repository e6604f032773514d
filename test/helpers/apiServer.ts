// A kubets API server for a test file: in this process, on a free port, in a temp data dir.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStandaloneApiServer, type StandaloneApiServer } from '../../src/apiserver/index.js';

export interface TestApiServer extends StandaloneApiServer {
  dataDir: string;
}

export async function startTestApiServer(dataDir = mkdtempSync(join(tmpdir(), 'kubets-api-'))): Promise<TestApiServer> {
  const server = await startStandaloneApiServer({ dataDir, port: 0 });
  return {
    ...server,
    dataDir,
    async stop() {
      await server.stop();
    },
  };
}

export function removeDataDir(server: TestApiServer): void {
  rmSync(server.dataDir, { recursive: true, force: true });
}
