// The discovery.k8s.io/v1 table: EndpointSlice (ADDRESSTYPE, PORTS, ENDPOINTS).
import type { EndpointSlice } from '../../api/index.js';
import { AGE, NAME, ageOf, column, defineTable, doc, listWithMore, nameOf } from './columns.js';
import type { TableConvertor } from './types.js';

type EndpointPort = NonNullable<EndpointSlice['ports']>[number];
type Endpoint = EndpointSlice['endpoints'][number];

/** Up to three ports (the number, else the name, else `*`), then `+ N more...`. */
export function formatSlicePorts(ports: readonly EndpointPort[] | undefined): string {
  const max = 3;
  const list: string[] = [];
  let more = false;
  let count = 0;
  for (const port of ports ?? []) {
    if (list.length < max) {
      list.push(port.port !== undefined && port.port !== null ? String(port.port) : (port.name ?? '*'));
    } else if (list.length === max) {
      more = true;
    }
    count++;
  }
  return listWithMore(list, more, count, max);
}

/** Up to three addresses over all endpoints, then `+ N more...`. */
export function formatSliceEndpoints(endpoints: readonly Endpoint[] | undefined): string {
  const max = 3;
  const list: string[] = [];
  let more = false;
  let count = 0;
  for (const endpoint of endpoints ?? []) {
    for (const address of endpoint.addresses ?? []) {
      if (list.length < max) list.push(address);
      else if (list.length === max) more = true;
      count++;
    }
  }
  return listWithMore(list, more, count, max);
}

const endpointSliceTable = defineTable<EndpointSlice>({
  columns: [
    NAME,
    column('AddressType', 'string', doc('discovery/v1beta1.EndpointSlice.addressType')),
    column('Ports', 'string', doc('discovery/v1beta1.EndpointSlice.ports')),
    column('Endpoints', 'string', doc('discovery/v1beta1.EndpointSlice.endpoints')),
    AGE,
  ],
  cells: (slice, now) => [
    nameOf(slice),
    slice.addressType ?? '',
    formatSlicePorts(slice.ports),
    formatSliceEndpoints(slice.endpoints),
    ageOf(slice, now),
  ],
});

/** discovery.k8s.io/v1 kinds, by kind. */
export const discoveryTables: Record<string, TableConvertor> = {
  EndpointSlice: endpointSliceTable,
};
