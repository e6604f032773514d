// Reconciles namespaces (by name): an active namespace without a `default` ServiceAccount gets
// one. A deleted `default` account enqueues its namespace again.
import { CoreV1Api } from '@kubernetes/client-node';
import type { Controller } from '../../runtime/controller/index.js';
import { activeNamespace, statusCode } from '../common/index.js';
import type { Manager } from '../../runtime/manager/index.js';

const ACCOUNT = 'default';

export function addServiceAccountsController(manager: Manager): Controller {
  const core = manager.kubeConfig.makeApiClient(CoreV1Api);
  return manager.controller()
    .named('serviceaccount')
    .for('/api/v1/namespaces')
    .watches('/api/v1/serviceaccounts', (account) => (account.metadata?.name === ACCOUNT ? [{ name: account.metadata.namespace! }] : []))
    .complete(async ({ name }) => {
      if (!(await activeNamespace(core, name))) return;
      try {
        await core.createNamespacedServiceAccount({ namespace: name, body: { metadata: { name: ACCOUNT, namespace: name } } });
      } catch (error) {
        // Already there (the usual case), or the namespace began terminating meanwhile.
        if (statusCode(error) !== 409 && statusCode(error) !== 403) throw error;
      }
    });
}
