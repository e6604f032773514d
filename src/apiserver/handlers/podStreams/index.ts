// podStreams: the pod subresources served by the pod's kubelet — pods/log (a GET streamed from
// the kubelet's /containerLogs) and the upgrades pods/exec, pods/attach and pods/portforward
// (SPDY/3.1 passed through; WebSocket v5/v4 channels translated to SPDY; WebSocket-tunnelled
// SPDY port-forward tunnelled). The API server reaches kubelets with its kubelet client
// certificate. May import the registry (pods and nodes) and the API server's http/ helpers.
import type { RequestInfo } from '../../http/requestInfo.js';
import { StatusError } from '../../../registry/statusError.js';
import type { ApiRequest } from '../request.js';
import type { KubeletClientConfig } from './kubeletConnection.js';
import { podLog } from './podLog.js';

export type { KubeletClientConfig } from './kubeletConnection.js';
export { podStreamUpgrades } from './podUpgrade.js';

export function isPodStream(info: RequestInfo): boolean {
  return info.group === '' && info.resource === 'pods' && info.name !== undefined
    && ['log', 'exec', 'attach', 'portforward'].includes(info.subresource ?? '');
}

/** A pod stream request that is not an upgrade: logs, or a refusal. */
export function podStreamRequest(r: ApiRequest, kubelet: KubeletClientConfig): Promise<void> {
  if (r.info.subresource === 'log') return podLog(r, kubelet);
  return Promise.reject(StatusError.badRequest('Upgrade request required'));
}
