// The review kinds, which are asked and answered, never stored: who am I
// (SelfSubjectReview), may I (Self/Local/SubjectAccessReview, SelfSubjectRulesReview), and
// TokenReview. Until authorization lands every authenticated user may do everything, which
// is what the admin certificate (group system:masters) is granted upstream too.
import { jwtVerify } from 'jose';
import type { KubeObject } from '../../registry/object.js';
import { StatusError } from '../../registry/statusError.js';
import type { UserInfo } from '../http/user.js';
import type { ServiceAccountKeys } from '../pki/serviceAccountKeys.js';
import { SERVICE_ACCOUNT_ISSUER } from './tokenRequest.js';

export async function review(resource: string, body: KubeObject, user: UserInfo, keys: ServiceAccountKeys): Promise<KubeObject> {
  const answer: KubeObject = { ...body, metadata: { ...body.metadata, creationTimestamp: null } };
  switch (resource) {
    case 'selfsubjectreviews':
      return { ...answer, status: { userInfo: { username: user.username, groups: user.groups, ...(user.uid ? { uid: user.uid } : {}) } } };
    case 'selfsubjectaccessreviews':
    case 'subjectaccessreviews':
    case 'localsubjectaccessreviews':
      return { ...answer, status: { allowed: user.groups.includes('system:authenticated'), reason: 'kubets grants authenticated users every permission' } };
    case 'selfsubjectrulesreviews':
      return {
        ...answer,
        status: {
          resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }],
          nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }],
          incomplete: false,
        },
      };
    case 'tokenreviews':
      return { ...answer, status: await reviewToken(String((body.spec as { token?: string } | undefined)?.token ?? ''), keys) };
    default:
      throw StatusError.methodNotSupported({ group: '', resource }, 'create');
  }
}

async function reviewToken(token: string, keys: ServiceAccountKeys): Promise<object> {
  try {
    const { payload } = await jwtVerify(token, keys.publicKey, { issuer: SERVICE_ACCOUNT_ISSUER });
    const claims = payload['kubernetes.io'] as { namespace: string; serviceaccount: { name: string; uid: string } };
    return {
      authenticated: true,
      user: {
        username: `system:serviceaccount:${claims.namespace}:${claims.serviceaccount.name}`,
        uid: claims.serviceaccount.uid,
        groups: ['system:serviceaccounts', `system:serviceaccounts:${claims.namespace}`, 'system:authenticated'],
      },
      audiences: payload.aud,
    };
  } catch (error) {
    return { user: {}, error: (error as Error).message };
  }
}
