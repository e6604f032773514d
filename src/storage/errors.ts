// Storage failures, each with a code the API server maps to a metav1.Status.
import type { KeyValue } from './storage.js';

export type StorageErrorCode =
  | 'KeyExists'
  | 'NotFound'
  | 'Conflict'
  | 'Compacted'
  | 'FutureRevision'
  | 'TooLarge'
  | 'Unavailable';

export class StorageError extends Error {
  constructor(
    readonly code: StorageErrorCode,
    readonly key: string,
    message: string,
    /** Conflict: the key as it is now. */
    readonly current?: KeyValue,
    /** Compacted: the oldest revision still readable; FutureRevision: the current revision. */
    readonly revision?: number,
  ) {
    super(message);
    this.name = 'StorageError';
  }

  static keyExists(key: string): StorageError {
    return new StorageError('KeyExists', key, `key ${key} already exists`);
  }

  static notFound(key: string): StorageError {
    return new StorageError('NotFound', key, `key ${key} not found`);
  }

  static conflict(key: string, current: KeyValue | undefined): StorageError {
    return new StorageError('Conflict', key, `key ${key} has been modified`, current);
  }

  static compacted(key: string, requested: number, oldest: number): StorageError {
    return new StorageError(
      'Compacted', key,
      `revision ${requested} has been compacted; the oldest available is ${oldest}`,
      undefined, oldest,
    );
  }

  static futureRevision(key: string, requested: number, current: number): StorageError {
    return new StorageError(
      'FutureRevision', key,
      `revision ${requested} is newer than the current revision ${current}`,
      undefined, current,
    );
  }

  static tooLarge(key: string, bytes: number, limit: number): StorageError {
    return new StorageError(
      'TooLarge', key,
      `value for key ${key} is ${bytes} bytes, over the ${limit} byte limit`,
    );
  }

  static unavailable(key: string, message: string): StorageError {
    return new StorageError('Unavailable', key, message);
  }
}

export function isStorageError(error: unknown, code?: StorageErrorCode): error is StorageError {
  return error instanceof StorageError && (code === undefined || error.code === code);
}
