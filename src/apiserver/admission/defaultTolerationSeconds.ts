// DefaultTolerationSeconds admission: a pod created without tolerations for the
// `node.kubernetes.io/not-ready` and `node.kubernetes.io/unreachable` NoExecute taints gets
// them with tolerationSeconds 300, so taint-based eviction waits five minutes for a lost node.
import type { KubeObject } from '../../registry/object.js';

const DEFAULT_TOLERATION_SECONDS = 300;
const KEYS = ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable'];

interface Toleration { key?: string; operator?: string; effect?: string; tolerationSeconds?: number }

export function addDefaultTolerations(pod: KubeObject): void {
  const spec = (pod.spec ?? {}) as { tolerations?: Toleration[] };
  const tolerations = spec.tolerations ?? [];
  const added = KEYS.filter((key) => !tolerations.some((t) => (t.key ?? '') === key && (t.effect === undefined || t.effect === '' || t.effect === 'NoExecute')))
    .map((key) => ({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: DEFAULT_TOLERATION_SECONDS }));
  if (added.length === 0) return;
  pod.spec = { ...spec, tolerations: [...tolerations, ...added] };
}
