// log: one structured winston logger per component, JSON lines on stderr. Verbosity follows
// the Kubernetes convention (`--v=N`): a message at level N shows when the process runs
// with --v >= N; errors and warnings always show. Imports nothing of kubets.
import winston from 'winston';

let verbosity = Number(process.env.KUBETS_V ?? 0);

export function setVerbosity(level: number): void {
  verbosity = level;
}

export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  /** A message that shows only at --v >= level. */
  v(level: number): { info(message: string, fields?: Record<string, unknown>): void; enabled: boolean };
}

const base = winston.createLogger({
  level: 'info',
  format: winston.format.combine(winston.format.timestamp(), winston.format.json()),
  transports: [new winston.transports.Console({ stderrLevels: ['error', 'warn', 'info'] })],
});

export function logger(component: string): Logger {
  const child = base.child({ component });
  return {
    info: (message, fields) => child.info(message, fields),
    warn: (message, fields) => child.warn(message, fields),
    error: (message, fields) => child.error(message, fields),
    v: (level) => ({
      enabled: verbosity >= level,
      info: (message, fields) => { if (verbosity >= level) child.info(message, { v: level, ...fields }); },
    }),
  };
}
