// The WebApp custom resource as TypeScript sees it (crds/webapps.example.kubets.io.yaml).
import type { V1Condition, V1ObjectMeta } from '@kubernetes/client-node';

export const GROUP = 'example.kubets.io';
export const VERSION = 'v1';
export const PLURAL = 'webapps';
export const KIND = 'WebApp';
export const API_VERSION = `${GROUP}/${VERSION}`;

/** The finalizer the controller puts on every WebApp and removes once it has cleaned up. */
export const FINALIZER = 'example.kubets.io/cleanup';

export interface WebAppSpec {
  image: string;
  /** Default 1 (also defaulted here, so the controller works where the schema's default is not applied). */
  replicas?: number;
  /** Default 80. */
  port?: number;
}

export interface WebAppStatus {
  observedGeneration?: number;
  readyReplicas?: number;
  conditions?: V1Condition[];
}

export interface WebApp {
  apiVersion: string;
  kind: string;
  metadata: V1ObjectMeta;
  spec: WebAppSpec;
  status?: WebAppStatus;
}
