// A JWT signed with the service-account key, made with node:crypto's synchronous ECDSA sign:
// the compact form is three base64url parts, and jose's SignJWT (WebCrypto, a thread-pool job
// per token) cost about twice the CPU of the signature itself on the API server's busiest path
// (a token per pod). jose still makes and reads the keys, and verifies tokens.
import { KeyObject, sign, type webcrypto } from 'node:crypto';
import type { CryptoKey } from 'jose';
import { SERVICE_ACCOUNT_ALGORITHM } from './serviceAccountKeys.js';

const HEADER = Buffer.from(JSON.stringify({ alg: SERVICE_ACCOUNT_ALGORITHM })).toString('base64url');
const keyObjects = new WeakMap<CryptoKey, KeyObject>();

/** The compact JWS of `claims` (ES256: SHA-256, the signature as r || s). */
export function signToken(claims: Record<string, unknown>, privateKey: CryptoKey): string {
  let key = keyObjects.get(privateKey);
  if (!key) keyObjects.set(privateKey, (key = KeyObject.from(privateKey as unknown as webcrypto.CryptoKey)));
  const signingInput = `${HEADER}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  const signature = sign('sha256', Buffer.from(signingInput), { key, dsaEncoding: 'ieee-p1363' });
  return `${signingInput}.${signature.toString('base64url')}`;
}
