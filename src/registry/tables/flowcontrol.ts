// The flowcontrol.apiserver.k8s.io/v1 tables: FlowSchema (PRIORITYLEVEL, MATCHINGPRECEDENCE,
// DISTINGUISHERMETHOD, MISSINGPL; lists print in matching order) and
// PriorityLevelConfiguration (TYPE, NOMINALCONCURRENCYSHARES, QUEUES, HANDSIZE,
// QUEUELENGTHLIMIT).
import type { FlowSchema, PriorityLevelConfiguration } from '../../api/index.js';
import { AGE, NAME, ageOf, column, defineTable, doc, nameOf } from './columns.js';
import { compareStrings } from './labels.js';
import type { TableConvertor } from './types.js';

/** matchingPrecedence defaults to 1000. */
const precedence = (fs: FlowSchema): number => fs.spec?.matchingPrecedence || 1000;

const flowSchemaTable = defineTable<FlowSchema>({
  columns: [
    NAME,
    column('PriorityLevel', 'string', doc('flowcontrol/v1.PriorityLevelConfigurationReference.name')),
    column('MatchingPrecedence', 'string', doc('flowcontrol/v1.FlowSchemaSpec.matchingPrecedence')),
    column('DistinguisherMethod', 'string', doc('flowcontrol/v1.FlowSchemaSpec.distinguisherMethod')),
    AGE,
    column('MissingPL', 'string', 'references a broken or non-existent PriorityLevelConfiguration'),
  ],
  cells(fs, now) {
    const dangling = (fs.status?.conditions ?? []).find((c) => c.type === 'Dangling');
    return [
      nameOf(fs),
      fs.spec?.priorityLevelConfiguration?.name ?? '',
      precedence(fs),
      fs.spec?.distinguisherMethod?.type ?? '<none>',
      ageOf(fs, now),
      dangling ? (dangling.status ?? '') : '?',
    ];
  },
  /** Lower matching precedence first, then by name. */
  order: (items) =>
    [...items].sort((a, b) => precedence(a) - precedence(b) || compareStrings(nameOf(a), nameOf(b))),
});

const priorityLevelConfigurationTable = defineTable<PriorityLevelConfiguration>({
  columns: [
    NAME,
    column('Type', 'string', doc('flowcontrol/v1.PriorityLevelConfigurationSpec.type')),
    column(
      'NominalConcurrencyShares',
      'string',
      doc('flowcontrol/v1.LimitedPriorityLevelConfiguration.nominalConcurrencyShares'),
    ),
    column('Queues', 'string', doc('flowcontrol/v1.QueuingConfiguration.queues')),
    column('HandSize', 'string', doc('flowcontrol/v1.QueuingConfiguration.handSize')),
    column('QueueLengthLimit', 'string', doc('flowcontrol/v1.QueuingConfiguration.queueLengthLimit')),
    AGE,
  ],
  cells(plc, now) {
    const limited = plc.spec?.limited;
    let shares: number | string = '<none>';
    let queues: number | string = '<none>';
    let handSize: number | string = '<none>';
    let queueLengthLimit: number | string = '<none>';
    if (limited) {
      // the API's defaults: 30 shares; 64 queues, hand size 8, 50 waiting per queue
      shares = limited.nominalConcurrencyShares ?? 30;
      const queuing = limited.limitResponse?.queuing;
      if (queuing) {
        queues = queuing.queues || 64;
        handSize = queuing.handSize || 8;
        queueLengthLimit = queuing.queueLengthLimit || 50;
      }
    }
    return [nameOf(plc), plc.spec?.type ?? '', shares, queues, handSize, queueLengthLimit, ageOf(plc, now)];
  },
});

/** flowcontrol.apiserver.k8s.io/v1 kinds, by kind. */
export const flowcontrolTables: Record<string, TableConvertor> = {
  FlowSchema: flowSchemaTable,
  PriorityLevelConfiguration: priorityLevelConfigurationTable,
};
