// leader_election_master_status{name}: 1 while this process leads the named lock, 0 otherwise,
// as client-go reports it. The gauge lives on the prom-client Registry given; electors sharing
// a registry share the one gauge.
import { Gauge, type Registry } from 'prom-client';

export interface LeaderMetrics {
  leaderOn(name: string): void;
  leaderOff(name: string): void;
}

export const noopLeaderMetrics: LeaderMetrics = { leaderOn() {}, leaderOff() {} };

const METRIC = 'leader_election_master_status';

export function prometheusLeaderMetrics(registry: Registry): LeaderMetrics {
  const existing = registry.getSingleMetric(METRIC);
  const gauge = existing instanceof Gauge ? (existing as Gauge<'name'>) : new Gauge({
    name: METRIC,
    help: 'Whether this process is the leader of the named lock: 1 leading, 0 not.',
    labelNames: ['name'] as const,
    registers: [registry],
  });
  return {
    leaderOn: (name) => gauge.set({ name }, 1),
    leaderOff: (name) => gauge.set({ name }, 0),
  };
}
