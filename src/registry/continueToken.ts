// List continuation tokens in upstream's format: base64url of
// {"v":"meta.k8s.io/v1","rv":<revision>,"start":"<key after the prefix>\u0000"}.
import { StatusError } from './statusError.js';

export interface ContinuePosition {
  revision: number;
  /** The last key returned, relative to the list's prefix. */
  after: string;
}

export function encodeContinue(position: ContinuePosition): string {
  const token = { v: 'meta.k8s.io/v1', rv: position.revision, start: `${position.after}\u0000` };
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

export function decodeContinue(token: string): ContinuePosition {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString()) as { v?: string; rv?: number; start?: string };
    if (parsed.v !== 'meta.k8s.io/v1' || typeof parsed.rv !== 'number' || typeof parsed.start !== 'string' ||
        !parsed.start.endsWith('\u0000') || parsed.start.includes('..')) {
      throw new Error('bad token');
    }
    return { revision: parsed.rv, after: parsed.start.slice(0, -1) };
  } catch {
    throw StatusError.badRequest('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  }
}
