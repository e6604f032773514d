// SharedInformerFactory: one shared informer per resource path and selectors, so every
// controller in a process that watches the same thing shares one list, one watch and one cache.
import type { KubeConfig } from '@kubernetes/client-node';
import { ListWatch, type ListWatchOptions } from './listWatch.js';
import type { KubeObject } from './object.js';
import { SharedInformer, type SharedInformerOptions } from './sharedInformer.js';

export interface InformerScope {
  labelSelector?: string;
  fieldSelector?: string;
}

export interface SharedInformerFactoryOptions {
  /** Defaults for every informer the factory makes (a per-informer transform or indexers win). */
  informer?: SharedInformerOptions;
  listWatch?: Omit<ListWatchOptions, 'labelSelector' | 'fieldSelector'>;
}

export class SharedInformerFactory {
  private readonly informers = new Map<string, SharedInformer<KubeObject>>();
  private started = false;

  constructor(private readonly kubeConfig: KubeConfig, private readonly options: SharedInformerFactoryOptions = {}) {}

  /** The informer for `path` and these selectors, made on first use. Options only count on
   * first use; the factory starts it at once if the factory is already started. */
  forResource<T extends KubeObject = KubeObject>(path: string, scope: InformerScope = {}, options: SharedInformerOptions<T> = {}): SharedInformer<T> {
    const key = informerKey(path, scope);
    let informer = this.informers.get(key) as SharedInformer<T> | undefined;
    if (!informer) {
      const listWatch = new ListWatch<T>(this.kubeConfig, path, { ...this.options.listWatch, ...scope });
      informer = new SharedInformer<T>(listWatch, { ...(this.options.informer as unknown as SharedInformerOptions<T> | undefined), ...options });
      this.informers.set(key, informer as unknown as SharedInformer<KubeObject>);
      if (this.started) informer.start();
    }
    return informer;
  }

  /** The informer for `path` and these selectors if some component made it already, else
   * undefined (nothing is made): for a component that would otherwise watch the same thing itself. */
  existing<T extends KubeObject = KubeObject>(path: string, scope: InformerScope = {}): SharedInformer<T> | undefined {
    return this.informers.get(informerKey(path, scope)) as SharedInformer<T> | undefined;
  }

  start(): void {
    this.started = true;
    for (const informer of this.informers.values()) informer.start();
  }

  async waitForSync(timeoutMs?: number): Promise<void> {
    await Promise.all([...this.informers.values()].map((informer) => informer.waitForSync(timeoutMs)));
  }

  async stop(): Promise<void> {
    this.started = false;
    await Promise.all([...this.informers.values()].map((informer) => informer.stop()));
    this.informers.clear();
  }
}

export function informerKey(path: string, scope: InformerScope = {}): string {
  const query = new URLSearchParams();
  if (scope.labelSelector) query.set('labelSelector', scope.labelSelector);
  if (scope.fieldSelector) query.set('fieldSelector', scope.fieldSelector);
  const suffix = query.toString();
  return suffix ? `${path}?${suffix}` : path;
}
