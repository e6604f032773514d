// The cluster's default StorageClass `standard` (provisioner kubets.io/local-path,
// WaitForFirstConsumer, reclaim Delete), made once the controller manager leads if it is missing.
import { StorageV1Api } from '@kubernetes/client-node';
import { logger } from '../../log/index.js';
import type { Manager } from '../../runtime/manager/index.js';
import { LOCAL_PATH_PROVISIONER } from './localPathProvisioner.js';

export const DEFAULT_CLASS_ANNOTATION = 'storageclass.kubernetes.io/is-default-class';
const log = logger('storageclass');

export function ensureDefaultStorageClass(manager: Manager): void {
  const storage = manager.kubeConfig.makeApiClient(StorageV1Api);
  void manager.leading().then(() => storage.createStorageClass({
    body: {
      metadata: { name: 'standard', annotations: { [DEFAULT_CLASS_ANNOTATION]: 'true' } },
      provisioner: LOCAL_PATH_PROVISIONER, reclaimPolicy: 'Delete', volumeBindingMode: 'WaitForFirstConsumer',
    },
  })).catch((error: { code?: number; message?: string }) => {
    if (error.code !== 409) log.warn('default StorageClass not created', { error: error.message });
  });
}
