// The controller metrics, with controller-runtime's names, labelled by controller. prom-client
// lets a name be registered once per registry, so every controller on one registry shares one
// set (and one workqueue metrics provider); a controller without a registry reports nothing.
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { PrometheusMetricsProvider, type MetricsProvider } from '../workqueue/index.js';

export type ReconcileResultLabel = 'success' | 'error' | 'requeue' | 'requeue_after';

export interface ControllerMetrics {
  reconciled(result: ReconcileResultLabel): void;
  failed(terminal: boolean): void;
  observeReconcileSeconds(seconds: number): void;
  setMaxConcurrentReconciles(value: number): void;
  workerStarted(): void;
  workerFinished(): void;
}

/** 5 ms to 60 s. */
export const RECONCILE_TIME_BUCKETS: readonly number[] = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8, 0.9, 1,
  1.25, 1.5, 1.75, 2, 2.5, 3, 3.5, 4, 4.5, 5, 6, 7, 8, 9, 10, 15, 20, 25, 30, 40, 50, 60,
];

interface RegistryMetrics {
  total: Counter<'controller' | 'result'>;
  errors: Counter<'controller'>;
  terminalErrors: Counter<'controller'>;
  time: Histogram<'controller'>;
  maxConcurrent: Gauge<'controller'>;
  activeWorkers: Gauge<'controller'>;
  workqueue: PrometheusMetricsProvider;
}

const byRegistry = new WeakMap<Registry, RegistryMetrics>();

function registryMetrics(registry: Registry): RegistryMetrics {
  let metrics = byRegistry.get(registry);
  if (metrics) return metrics;
  const registers = [registry];
  metrics = {
    total: new Counter({
      name: 'controller_runtime_reconcile_total',
      help: 'Reconciles per controller and result.',
      labelNames: ['controller', 'result'],
      registers,
    }),
    errors: new Counter({
      name: 'controller_runtime_reconcile_errors_total',
      help: 'Reconciles that ended in an error, per controller.',
      labelNames: ['controller'],
      registers,
    }),
    terminalErrors: new Counter({
      name: 'controller_runtime_terminal_reconcile_errors_total',
      help: 'Reconciles that ended in a terminal (not retried) error, per controller.',
      labelNames: ['controller'],
      registers,
    }),
    time: new Histogram({
      name: 'controller_runtime_reconcile_time_seconds',
      help: 'Seconds each reconcile took, per controller.',
      labelNames: ['controller'],
      buckets: [...RECONCILE_TIME_BUCKETS],
      registers,
    }),
    maxConcurrent: new Gauge({
      name: 'controller_runtime_max_concurrent_reconciles',
      help: 'Workers each controller runs.',
      labelNames: ['controller'],
      registers,
    }),
    activeWorkers: new Gauge({
      name: 'controller_runtime_active_workers',
      help: 'Workers reconciling right now, per controller.',
      labelNames: ['controller'],
      registers,
    }),
    workqueue: new PrometheusMetricsProvider(registry),
  };
  byRegistry.set(registry, metrics);
  return metrics;
}

/** The workqueue metrics provider shared by every queue on this registry. */
export function workqueueMetricsProvider(registry: Registry): MetricsProvider {
  return registryMetrics(registry).workqueue;
}

export function controllerMetrics(controller: string, registry: Registry | undefined): ControllerMetrics {
  if (!registry) return noopControllerMetrics;
  const m = registryMetrics(registry);
  // Zero every series up front, as controller-runtime does, so dashboards see them at once.
  for (const result of ['success', 'error', 'requeue', 'requeue_after'] as const) m.total.inc({ controller, result }, 0);
  m.errors.inc({ controller }, 0);
  m.terminalErrors.inc({ controller }, 0);
  m.activeWorkers.set({ controller }, 0);
  return {
    reconciled: (result) => m.total.inc({ controller, result }),
    failed: (terminal) => {
      m.errors.inc({ controller });
      if (terminal) m.terminalErrors.inc({ controller });
    },
    observeReconcileSeconds: (seconds) => m.time.observe({ controller }, seconds),
    setMaxConcurrentReconciles: (value) => m.maxConcurrent.set({ controller }, value),
    workerStarted: () => m.activeWorkers.inc({ controller }),
    workerFinished: () => m.activeWorkers.dec({ controller }),
  };
}

const noopControllerMetrics: ControllerMetrics = {
  reconciled() {},
  failed() {},
  observeReconcileSeconds() {},
  setMaxConcurrentReconciles() {},
  workerStarted() {},
  workerFinished() {},
};
