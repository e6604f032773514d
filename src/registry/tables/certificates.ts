// The certificates.k8s.io tables: CertificateSigningRequest (SIGNERNAME, REQUESTOR,
// REQUESTEDDURATION, CONDITION `Approved,Issued`) and ClusterTrustBundle.
import type { CertificateSigningRequest, ClusterTrustBundle } from '../../api/index.js';
import { AGE, NAME, ageOf, column, defineTable, doc, nameOf } from './columns.js';
import { humanDuration } from './humanDuration.js';
import type { TableConvertor } from './types.js';

/** The CONDITION cell: Denied, else Approved, else Pending; then `,Failed` and `,Issued`. */
export function csrCondition(csr: CertificateSigningRequest): string {
  const types = new Set((csr.status?.conditions ?? []).map((c) => c.type));
  let status = types.has('Denied') ? 'Denied' : types.has('Approved') ? 'Approved' : 'Pending';
  if (types.has('Failed')) status += ',Failed';
  if (csr.status?.certificate) status += ',Issued';
  return status;
}

const certificateSigningRequestTable = defineTable<CertificateSigningRequest>({
  columns: [
    NAME,
    AGE,
    column('SignerName', 'string', doc('certificates/v1beta1.CertificateSigningRequestSpec.signerName')),
    // upstream describes the requestor with the request field's documentation
    column('Requestor', 'string', doc('certificates/v1beta1.CertificateSigningRequestSpec.request')),
    column('RequestedDuration', 'string', doc('certificates/v1beta1.CertificateSigningRequestSpec.expirationSeconds')),
    column('Condition', 'string', doc('certificates/v1beta1.CertificateSigningRequestStatus.conditions')),
  ],
  cells(csr, now) {
    const seconds = csr.spec?.expirationSeconds;
    return [
      nameOf(csr),
      ageOf(csr, now),
      csr.spec?.signerName || '<none>',
      csr.spec?.username ?? '',
      seconds === undefined || seconds === null ? '<none>' : humanDuration(seconds * 1000),
      csrCondition(csr),
    ];
  },
});

const clusterTrustBundleTable = defineTable<ClusterTrustBundle>({
  columns: [NAME, column('SignerName', 'string', doc('certificates/v1beta1.ClusterTrustBundleSpec.signerName'))],
  cells: (ctb) => [nameOf(ctb), ctb.spec?.signerName || '<none>'],
});

/** certificates.k8s.io kinds, by kind. */
export const certificatesTables: Record<string, TableConvertor> = {
  CertificateSigningRequest: certificateSigningRequestTable,
  ClusterTrustBundle: clusterTrustBundleTable,
};
