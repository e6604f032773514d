// serviceaccounts/token: a signed, time-bound service-account token (a JWT with the
// claims upstream puts in one), for an existing ServiceAccount.
import { randomUUID } from 'node:crypto';
import { rfc3339, type KubeObject } from '../../registry/object.js';
import type { Store } from '../../registry/store.js';
import type { ServiceAccountKeys } from '../pki/serviceAccountKeys.js';
import { signToken } from '../pki/signToken.js';

export const SERVICE_ACCOUNT_ISSUER = 'https://kubernetes.default.svc.cluster.local';

type TokenRequestSpec = { audiences?: string[]; expirationSeconds?: number; boundObjectRef?: { kind?: string; apiVersion?: string; name?: string; uid?: string } };

export async function requestToken(serviceAccounts: Store, keys: ServiceAccountKeys, namespace: string, name: string, request: KubeObject): Promise<KubeObject> {
  const account = await serviceAccounts.get(namespace, name);
  const spec = (request.spec ?? {}) as TokenRequestSpec;
  const audiences = spec.audiences && spec.audiences.length > 0 ? spec.audiences : [SERVICE_ACCOUNT_ISSUER];
  const expirationSeconds = spec.expirationSeconds ?? 3600;
  const now = Math.floor(Date.now() / 1000);
  const bound = spec.boundObjectRef?.kind === 'Pod' ? { pod: { name: spec.boundObjectRef.name, uid: spec.boundObjectRef.uid } } : {};
  // the claims in the order jose's SignJWT wrote them
  const token = signToken({
    'kubernetes.io': { namespace, serviceaccount: { name, uid: account.metadata.uid }, ...bound },
    iss: SERVICE_ACCOUNT_ISSUER,
    sub: `system:serviceaccount:${namespace}:${name}`,
    aud: audiences,
    iat: now,
    nbf: now,
    exp: now + expirationSeconds,
    jti: randomUUID(),
  }, keys.privateKey);
  return {
    kind: 'TokenRequest',
    apiVersion: 'authentication.k8s.io/v1',
    metadata: { name, namespace, creationTimestamp: null },
    spec: { audiences, expirationSeconds, boundObjectRef: spec.boundObjectRef ?? null },
    status: { token, expirationTimestamp: rfc3339(new Date((now + expirationSeconds) * 1000)) },
  };
}
