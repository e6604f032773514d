// serviceaccount: every active namespace has a `default` ServiceAccount, as upstream's
// serviceaccounts-controller: made when the namespace appears, made again when deleted.
// It imports src/runtime and client-node only.
export { addServiceAccountsController } from './serviceAccountsController.js';
