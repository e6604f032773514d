// Indexed Jobs' completion indexes: the index a pod runs (its batch.kubernetes.io/job-completion-
// index annotation, or the label of that name) and the compressed interval text of
// status.completedIndexes ("1,3-5,7"), as upstream writes it.
import type { V1Pod } from '@kubernetes/client-node';

export const COMPLETION_INDEX = 'batch.kubernetes.io/job-completion-index';

/** The pod's completion index, if it carries a valid one below `completions`. */
export function podCompletionIndex(pod: V1Pod, completions: number): number | undefined {
  const text = pod.metadata?.annotations?.[COMPLETION_INDEX] ?? pod.metadata?.labels?.[COMPLETION_INDEX];
  if (text === undefined || !/^\d+$/.test(text)) return undefined;
  const index = Number(text);
  return index < completions ? index : undefined;
}

/** Parses interval text; indexes at or beyond `completions` are dropped. */
export function parseIndexes(text: string | undefined, completions: number): Set<number> {
  const indexes = new Set<number>();
  for (const part of (text ?? '').split(',')) {
    const match = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!match) continue;
    const last = Math.min(Number(match[2] ?? match[1]), completions - 1);
    for (let i = Number(match[1]); i <= last; i++) indexes.add(i);
  }
  return indexes;
}

/** Interval text: sorted, each run of consecutive indexes as `first-last` (a lone index as itself). */
export function formatIndexes(indexes: Iterable<number>): string {
  const sorted = [...new Set(indexes)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    parts.push(j === i ? String(sorted[i]) : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}
