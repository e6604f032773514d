// examples/webapp: an operator to copy. A WebApp (crds/webapps.example.kubets.io.yaml) names a
// container image, a replica count and a port; its controller makes the world match:
//   - a Deployment and a Service of the WebApp's name, server-side applied (field manager
//     `webapp-controller`) with the WebApp as their controller owner reference, so an edit to
//     either is put back and their deletion follows the WebApp's;
//   - status.observedGeneration, status.readyReplicas and the conditions Ready (True once the
//     Deployment's readyReplicas reach spec.replicas) and Progressing (True until then), written
//     through the status subresource only when they change;
//   - the finalizer `example.kubets.io/cleanup`, added first; on delete the controller deletes
//     the Deployment and the Service, then removes the finalizer and the WebApp goes.
// addWebAppController wires it into a Manager: `for` the WebApps, `owns` the Deployments and
// Services it labels app.kubernetes.io/managed-by=webapp-controller (only those are cached).
// main.ts runs it against $KUBECONFIG with leader election; test/examples/webapp.test.ts runs
// it in envtest.
import type { Logger } from '../../src/log/index.js';
import type { Controller } from '../../src/runtime/controller/index.js';
import type { Manager } from '../../src/runtime/manager/index.js';
import { FIELD_MANAGER, MANAGED_BY_LABEL, WebAppReconciler } from './reconciler.js';
import { GROUP, KIND, PLURAL, VERSION } from './types.js';

export { FIELD_MANAGER, MANAGED_BY_LABEL, WebAppReconciler } from './reconciler.js';
export * from './types.js';

export interface WebAppControllerOptions {
  /** Watch one namespace only (default: all). */
  namespace?: string;
  maxConcurrentReconciles?: number;
  logger?: Logger;
}

export function addWebAppController(manager: Manager, options: WebAppControllerOptions = {}): Controller {
  const ns = options.namespace ? `/namespaces/${options.namespace}` : '';
  const owned = { labelSelector: `${MANAGED_BY_LABEL}=${FIELD_MANAGER}` };
  return manager.controller()
    .named('webapp')
    .for(`/apis/${GROUP}/${VERSION}${ns}/${PLURAL}`)
    .owns(`/apis/apps/v1${ns}/deployments`, { kind: KIND, group: GROUP }, owned)
    .owns(`/api/v1${ns}/services`, { kind: KIND, group: GROUP }, owned)
    .withOptions({ maxConcurrentReconciles: options.maxConcurrentReconciles ?? 2, logger: options.logger })
    .complete(new WebAppReconciler(manager.kubeConfig));
}
