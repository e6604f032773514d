// The `as=Table` and `as=PartialObjectMetadata[List]` answers kubectl and metadata informers
// ask for, in place of the objects themselves.
import type { KubeObject } from '../../registry/object.js';
import type { ListResult, Store } from '../../registry/store.js';
import { renderTable, type IncludeObject } from './tables.js';
import type { ResponseFormat } from '../http/mediaTypes.js';

function partial(object: KubeObject, version: string): KubeObject {
  return { kind: 'PartialObjectMetadata', apiVersion: `meta.k8s.io/${version}`, metadata: object.metadata };
}

export function listMeta(list: Pick<ListResult, 'resourceVersion' | 'continue' | 'remainingItemCount'>) {
  return {
    resourceVersion: list.resourceVersion,
    ...(list.continue ? { continue: list.continue } : {}),
    ...(list.remainingItemCount !== undefined ? { remainingItemCount: list.remainingItemCount } : {}),
  };
}

export function transformObject(store: Store, object: KubeObject, format: ResponseFormat, includeObject: IncludeObject): object {
  const version = format.transformVersion ?? 'v1';
  switch (format.transform) {
    case 'Table':
      return renderTable(store.info, [object], { includeObject, version, listMeta: { resourceVersion: object.metadata.resourceVersion ?? '' } });
    case 'PartialObjectMetadata':
    case 'PartialObjectMetadataList':
      return partial(object, version);
    default:
      return object;
  }
}

export function transformList(store: Store, list: ListResult, format: ResponseFormat, includeObject: IncludeObject): object {
  const version = format.transformVersion ?? 'v1';
  switch (format.transform) {
    case 'Table':
      return renderTable(store.info, list.items, { includeObject, version, listMeta: listMeta(list) });
    case 'PartialObjectMetadata':
    case 'PartialObjectMetadataList':
      return {
        kind: 'PartialObjectMetadataList',
        apiVersion: `meta.k8s.io/${version}`,
        metadata: listMeta(list),
        items: list.items.map((item) => partial(item, version)),
      };
    default:
      return {
        kind: `${store.info.kind}List`,
        apiVersion: store.apiVersion,
        metadata: listMeta(list),
        items: list.items,
      };
  }
}
