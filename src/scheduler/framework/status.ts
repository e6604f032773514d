// A plugin's verdict on one pod and one node, as upstream's framework.Status: the code says
// whether preemption could help (Unschedulable) or not (UnschedulableAndUnresolvable); the
// reasons are the texts counted in the FailedScheduling message.
export type StatusCode = 'Unschedulable' | 'UnschedulableAndUnresolvable' | 'Error';

export interface Status {
  code: StatusCode;
  reasons: string[];
  /** The plugin that gave it (what the queue asks about when cluster events arrive). */
  plugin: string;
}

export const unschedulable = (plugin: string, ...reasons: string[]): Status => ({ code: 'Unschedulable', reasons, plugin });
export const unresolvable = (plugin: string, ...reasons: string[]): Status => ({ code: 'UnschedulableAndUnresolvable', reasons, plugin });
