// Makes sure a container's image is on the node before the container is created, by its
// imagePullPolicy (Always pulls; IfNotPresent pulls when absent; Never refuses when absent),
// with upstream's events and waiting reasons: ErrImagePull on a failed pull, then
// ImagePullBackOff while the back-off lasts, ErrImageNeverPull for Never. Machines here reach
// no registry, so an Always pull that fails for an image the node already holds runs that
// image, as an offline node should, rather than failing a pod that can run.
import type { V1Container } from '@kubernetes/client-node';
import type { Cri } from '../../cri/services.js';
import type { Waiting } from '../pods/podStatus.js';
import { RestartBackoff } from './restartBackoff.js';

export interface ContainerEvents {
  normal(reason: string, message: string): void;
  warning(reason: string, message: string): void;
}

/** The image's reference in the runtime, or why the container must wait. */
export type PullResult = { imageRef: string } | { waiting: Waiting; retryInMs?: number };

const seconds = (ms: number) => `${(ms / 1000).toFixed(3).replace(/\.?0+$/, '')}s`;

export class ImagePuller {
  private readonly backoff = new RestartBackoff();

  constructor(private readonly cri: Cri) {}

  async ensure(container: V1Container, key: string, events: ContainerEvents): Promise<PullResult> {
    const image = container.image ?? '';
    const policy = container.imagePullPolicy ?? (image.endsWith(':latest') || !/:[^/]+$/.test(image) ? 'Always' : 'IfNotPresent');
    const present = policy === 'Always' ? undefined : (await this.cri.image.imageStatus({ image: { image } })).image;
    if (present) {
      events.normal('Pulled', `Container image "${image}" already present on machine`);
      return { imageRef: present.id };
    }
    if (policy === 'Never') {
      const message = `Container image "${image}" is not present with pull policy of Never`;
      events.warning('ErrImageNeverPull', message);
      return { waiting: { reason: 'ErrImageNeverPull', message } };
    }
    const backoffKey = `${key}/${image}`;
    const left = this.backoff.remaining(backoffKey);
    if (left > 0) {
      events.normal('BackOff', `Back-off pulling image "${image}"`);
      events.warning('Failed', 'Error: ImagePullBackOff');
      return { waiting: { reason: 'ImagePullBackOff', message: `Back-off pulling image "${image}"` }, retryInMs: left };
    }
    events.normal('Pulling', `Pulling image "${image}"`);
    const started = Date.now();
    try {
      const { imageRef } = await this.cri.image.pullImage({ image: { image } });
      const took = Date.now() - started;
      const size = (await this.cri.image.imageStatus({ image: { image: imageRef } })).image?.size ?? 0;
      events.normal('Pulled', `Successfully pulled image "${image}" in ${seconds(took)} (${seconds(took)} including waiting). Image size: ${size} bytes.`);
      this.backoff.forget(backoffKey);
      return { imageRef };
    } catch (error) {
      const local = policy === 'Always' ? (await this.cri.image.imageStatus({ image: { image } })).image : undefined;
      if (local) {
        events.normal('Pulled', `Container image "${image}" already present on machine`);
        return { imageRef: local.id };
      }
      const message = `Failed to pull image "${image}": ${(error as { details?: string }).details ?? (error as Error).message}`;
      events.warning('Failed', message);
      events.warning('Failed', 'Error: ErrImagePull');
      const delay = this.backoff.failed(backoffKey);
      return { waiting: { reason: 'ErrImagePull', message }, retryInMs: delay };
    }
  }
}
