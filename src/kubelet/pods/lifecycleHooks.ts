// postStart and preStop handlers: exec in the container, an HTTP GET, or a sleep, within the
// given time. Answers undefined on success, or why the hook failed.
import type { V1LifecycleHandler, V1Pod } from '@kubernetes/client-node';
import type { Cri } from '../../cri/services.js';
import { execAction, httpGetAction, type ActionResult } from '../probes/handlerActions.js';

export async function runHook(cri: Cri, pod: V1Pod, containerId: string, handler: V1LifecycleHandler, timeoutSeconds: number): Promise<ActionResult> {
  if (handler.exec) return execAction(cri, containerId, handler.exec, timeoutSeconds);
  if (handler.httpGet) {
    const container = pod.spec?.containers.find((c) => c.lifecycle?.postStart === handler || c.lifecycle?.preStop === handler);
    return httpGetAction(handler.httpGet, pod.status?.podIP ?? '127.0.0.1', container, timeoutSeconds);
  }
  if (handler.sleep) {
    await new Promise((resolve) => setTimeout(resolve, Math.min(handler.sleep!.seconds, timeoutSeconds) * 1000));
    return undefined;
  }
  return 'a lifecycle handler needs exec, httpGet or sleep';
}
