// Simulated sandboxes and containers indexed by the value of one label: the pod UID label
// (`io.kubernetes.pod.uid`) the kubelet filters its list calls by, so reading one pod's state
// looks at that pod's records, not at everything on the node.
export const POD_UID_LABEL = 'io.kubernetes.pod.uid';

export class LabelIndex<T> {
  private readonly byValue = new Map<string, Set<T>>();

  constructor(private readonly label: string) {}

  add(item: T, labels: Record<string, string>): void {
    const value = labels[this.label];
    if (value === undefined) return;
    let items = this.byValue.get(value);
    if (!items) this.byValue.set(value, items = new Set());
    items.add(item);
  }

  remove(item: T, labels: Record<string, string>): void {
    const value = labels[this.label];
    const items = value === undefined ? undefined : this.byValue.get(value);
    if (!items) return;
    items.delete(item);
    if (items.size === 0) this.byValue.delete(value!);
  }

  /** The records that can match `selector`: those with its value of the label, if it names one; else `all`. */
  candidates(selector: Record<string, string> | undefined, all: Iterable<T>): Iterable<T> {
    const value = selector?.[this.label];
    if (value === undefined) return all;
    return this.byValue.get(value) ?? [];
  }
}
