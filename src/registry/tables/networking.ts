// The networking.k8s.io/v1 tables: Ingress (CLASS, HOSTS, ADDRESS, PORTS), IngressClass,
// NetworkPolicy, ServiceCIDR and IPAddress.
import type { IPAddress, Ingress, IngressClass, NetworkPolicy, ServiceCIDR } from '../../api/index.js';
import { AGE, NAME, ageOf, column, defineTable, doc, nameOf } from './columns.js';
import { loadBalancerIngress } from './core.js';
import { formatLabelSelector } from './labels.js';
import type { TableConvertor } from './types.js';

type IngressRule = NonNullable<NonNullable<Ingress['spec']>['rules']>[number];

/** The HOSTS cell: up to three hosts, `*` when no rule names one. */
export function formatHosts(rules: readonly IngressRule[] | undefined): string {
  const all = rules ?? [];
  const max = 3;
  const list: string[] = [];
  let more = false;
  for (const rule of all) {
    if (list.length === max) more = true;
    if (!more && rule.host) list.push(rule.host);
  }
  if (list.length === 0) return '*';
  const joined = list.join(',');
  return more ? `${joined} + ${all.length - max} more...` : joined;
}

const ingressTable = defineTable<Ingress>({
  columns: [
    NAME,
    column('Class', 'string', 'The name of the IngressClass resource that should be used for additional configuration'),
    column('Hosts', 'string', 'Hosts that incoming requests are matched against before the ingress rule'),
    column('Address', 'string', 'Address is a list containing ingress points for the load-balancer'),
    column('Ports', 'string', 'Ports of TLS configurations that open'),
    AGE,
  ],
  cells: (ing, now) => [
    nameOf(ing),
    ing.spec?.ingressClassName ?? '<none>',
    formatHosts(ing.spec?.rules),
    loadBalancerIngress(ing.status?.loadBalancer?.ingress).join(','),
    (ing.spec?.tls ?? []).length > 0 ? '80, 443' : '80',
    ageOf(ing, now),
  ],
});

const ingressClassTable = defineTable<IngressClass>({
  columns: [
    NAME,
    column('Controller', 'string', 'Controller that is responsible for handling this class'),
    column('Parameters', 'string', 'A reference to a resource with additional parameters'),
    AGE,
  ],
  cells(ic, now) {
    const p = ic.spec?.parameters;
    const parameters = p ? `${p.kind}${p.apiGroup !== undefined && p.apiGroup !== null ? `.${p.apiGroup}` : ''}/${p.name}` : '<none>';
    return [nameOf(ic), ic.spec?.controller ?? '', parameters, ageOf(ic, now)];
  },
});

const networkPolicyTable = defineTable<NetworkPolicy>({
  columns: [NAME, column('Pod-Selector', 'string', doc('extensions/v1beta1.NetworkPolicySpec.podSelector')), AGE],
  cells: (np, now) => [nameOf(np), formatLabelSelector(np.spec?.podSelector ?? {}), ageOf(np, now)],
});

const serviceCIDRTable = defineTable<ServiceCIDR>({
  columns: [NAME, column('CIDRs', 'string', doc('networking/v1beta1.ServiceCIDRSpec.cidrs')), AGE],
  cells: (sc, now) => [nameOf(sc), (sc.spec?.cidrs ?? []).join(','), ageOf(sc, now)],
});

const ipAddressTable = defineTable<IPAddress>({
  columns: [NAME, column('ParentRef', 'string', doc('networking/v1beta1.IPAddressSpec.parentRef'))],
  // Upstream appends the age as a third cell although the table has two columns.
  cells(ip, now) {
    const ref = ip.spec?.parentRef;
    let parent = '<none>';
    if (ref) {
      const groupResource = ref.group ? `${ref.resource}.${ref.group}` : ref.resource;
      const namespace = ref.namespace ? `/${ref.namespace}` : '';
      parent = `${groupResource.toLowerCase()}${namespace}/${ref.name}`;
    }
    return [nameOf(ip), parent, ageOf(ip, now)];
  },
});

/** networking.k8s.io/v1 kinds, by kind. */
export const networkingTables: Record<string, TableConvertor> = {
  Ingress: ingressTable,
  IngressClass: ingressClassTable,
  NetworkPolicy: networkPolicyTable,
  ServiceCIDR: serviceCIDRTable,
  IPAddress: ipAddressTable,
};
