// The coordination.k8s.io tables: Lease (HOLDER) and LeaseCandidate.
import type { Lease, LeaseCandidate } from '../../api/index.js';
import { AGE, NAME, ageOf, column, defineTable, doc, nameOf } from './columns.js';
import type { TableConvertor } from './types.js';

const leaseTable = defineTable<Lease>({
  columns: [NAME, column('Holder', 'string', doc('coordination/v1.LeaseSpec.holderIdentity')), AGE],
  cells: (lease, now) => [nameOf(lease), lease.spec?.holderIdentity ?? '', ageOf(lease, now)],
});

const leaseCandidateTable = defineTable<LeaseCandidate>({
  columns: [
    NAME,
    column('LeaseName', 'string', doc('coordination/v1alpha2.LeaseCandidateSpec.leaseName')),
    // upstream describes these two with ObjectMeta fields that do not exist: empty text
    column('BinaryVersion', 'string', doc('meta/v1.ObjectMeta.binaryVersion')),
    column('EmulationVersion', 'string', doc('meta/v1.ObjectMeta.emulationVersion')),
    AGE,
  ],
  cells: (c, now) => [
    nameOf(c),
    c.spec?.leaseName ?? '',
    c.spec?.binaryVersion ?? '',
    c.spec?.emulationVersion ?? '',
    ageOf(c, now),
  ],
});

/** coordination.k8s.io kinds, by kind. */
export const coordinationTables: Record<string, TableConvertor> = {
  Lease: leaseTable,
  LeaseCandidate: leaseCandidateTable,
};
