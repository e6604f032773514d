// The text of a failed attempt, upstream's FitError shape:
// `0/3 nodes are available: 1 Insufficient cpu, 2 node(s) had untolerated taint {k: v}.`
// — each reason counted over the nodes, sorted as strings — then ` preemption: ...` with the
// same shape when preemption was tried and did not help.
import type { Status } from './status.js';

function reasonsHistogram(statuses: Iterable<Status>): string {
  const counts = new Map<string, number>();
  for (const status of statuses) for (const reason of status.reasons) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  return [...counts].map(([reason, count]) => `${count} ${reason}`).sort().join(', ');
}

export function fitErrorMessage(allNodes: number, statuses: Iterable<Status>, preFilterMessage?: string, postFilterMessage?: string): string {
  let message = `0/${allNodes} nodes are available:`;
  if (preFilterMessage) message += ` ${preFilterMessage}.`;
  else {
    const histogram = reasonsHistogram(statuses);
    if (histogram) message += ` ${histogram}.`;
  }
  if (postFilterMessage) message += ` ${postFilterMessage}`;
  return message;
}
