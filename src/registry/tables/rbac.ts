// The rbac.authorization.k8s.io/v1 tables: RoleBinding and ClusterRoleBinding (ROLE, and wide
// USERS, GROUPS, SERVICEACCOUNTS). Role and ClusterRole have no printer upstream and get the
// default table.
import type { ClusterRoleBinding, RoleBinding } from '../../api/index.js';
import { AGE, NAME, ageOf, column, defineTable, doc, nameOf } from './columns.js';
import type { TableConvertor } from './types.js';

type Subject = NonNullable<RoleBinding['subjects']>[number];

/** The USERS, GROUPS and SERVICEACCOUNTS cells (`namespace/name` for service accounts). */
export function subjectCells(subjects: readonly Subject[] | undefined): [string, string, string] {
  const users: string[] = [];
  const groups: string[] = [];
  const serviceAccounts: string[] = [];
  for (const s of subjects ?? []) {
    if (s.kind === 'ServiceAccount') serviceAccounts.push(`${s.namespace ?? ''}/${s.name}`);
    else if (s.kind === 'User') users.push(s.name);
    else if (s.kind === 'Group') groups.push(s.name);
  }
  return [users.join(', '), groups.join(', '), serviceAccounts.join(', ')];
}

function bindingTable<T extends RoleBinding | ClusterRoleBinding>(noun: string, roleRefDoc: string) {
  return defineTable<T>({
    columns: [
      NAME,
      column('Role', 'string', roleRefDoc),
      AGE,
      column('Users', 'string', `Users in the ${noun}`, { wide: true }),
      column('Groups', 'string', `Groups in the ${noun}`, { wide: true }),
      column('ServiceAccounts', 'string', `ServiceAccounts in the ${noun}`, { wide: true }),
    ],
    cells: (binding, now) => [
      nameOf(binding),
      `${binding.roleRef?.kind ?? ''}/${binding.roleRef?.name ?? ''}`,
      ageOf(binding, now),
      ...subjectCells(binding.subjects),
    ],
  });
}

/** rbac.authorization.k8s.io/v1 kinds, by kind. */
export const rbacTables: Record<string, TableConvertor> = {
  RoleBinding: bindingTable<RoleBinding>('roleBinding', doc('rbac/v1beta1.RoleBinding.roleRef')),
  ClusterRoleBinding: bindingTable<ClusterRoleBinding>('clusterRoleBinding', doc('rbac/v1beta1.ClusterRoleBinding.roleRef')),
};
