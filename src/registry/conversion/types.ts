// The plain JSON objects the conversions take and return.
import type { HorizontalPodAutoscaler } from '../../api/index.js';

export type JsonObject = { [key: string]: unknown };

/** ObjectMeta as src/api types it (the same for every kind). */
export type ObjectMeta = NonNullable<HorizontalPodAutoscaler['metadata']>;

/** What a conversion returns: an object of the target version, apiVersion and kind set. */
export interface ConvertedObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}
