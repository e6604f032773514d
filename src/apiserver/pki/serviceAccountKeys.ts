// The key pair that signs service-account tokens (ES256 JWTs), kept in the data directory so
// tokens stay valid across restarts.
import { generateKeyPair, exportPKCS8, exportSPKI, importPKCS8, importSPKI, type CryptoKey } from 'jose';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ServiceAccountKeys {
  privateKey: CryptoKey;
  publicKey: CryptoKey;
}

export const SERVICE_ACCOUNT_ALGORITHM = 'ES256';

export async function ensureServiceAccountKeys(dir: string): Promise<ServiceAccountKeys> {
  const privatePath = join(dir, 'sa.key');
  const publicPath = join(dir, 'sa.pub');
  if (!existsSync(privatePath) || !existsSync(publicPath)) {
    const pair = await generateKeyPair(SERVICE_ACCOUNT_ALGORITHM, { extractable: true });
    writeFileSync(privatePath, await exportPKCS8(pair.privateKey), { mode: 0o600 });
    writeFileSync(publicPath, await exportSPKI(pair.publicKey));
  }
  return {
    privateKey: await importPKCS8(readFileSync(privatePath, 'utf8'), SERVICE_ACCOUNT_ALGORITHM),
    publicKey: await importSPKI(readFileSync(publicPath, 'utf8'), SERVICE_ACCOUNT_ALGORITHM),
  };
}
