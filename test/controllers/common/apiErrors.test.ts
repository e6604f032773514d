// API errors as client-node throws them: the Status message and the NamespaceTerminating cause.
import { ApiException } from '@kubernetes/client-node';
import { isNamespaceTerminating, isNotFound, statusMessage } from '../../../src/controllers/common/index.js';

const refusal = (status: object, code = 403) => new ApiException(code, 'refused', JSON.stringify(status), {});

test('the Status message, else the error message', () => {
  expect(statusMessage(refusal({ kind: 'Status', message: 'pods "web-x" is forbidden: exceeded quota: q' }))).toBe('pods "web-x" is forbidden: exceeded quota: q');
  expect(statusMessage(new Error('socket hang up'))).toBe('socket hang up');
  expect(isNotFound(refusal({}, 404))).toBe(true);
});

test('a namespace being deleted is told by its cause', () => {
  const terminating = refusal({
    kind: 'Status', reason: 'Forbidden', message: 'pods "x" is forbidden: unable to create new content in namespace gone because it is being terminated',
    details: { name: 'x', kind: 'pods', causes: [{ reason: 'NamespaceTerminating', message: 'namespace gone is being terminated', field: 'metadata.namespace' }] },
  });
  expect(isNamespaceTerminating(terminating)).toBe(true);
  expect(isNamespaceTerminating(refusal({ kind: 'Status', message: 'exceeded quota' }))).toBe(false);
});
