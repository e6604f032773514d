// The storage.k8s.io tables: StorageClass (`standard (default)`), VolumeAttachment, CSIDriver,
// CSINode and VolumeAttributesClass. CSIStorageCapacity has a printer upstream but its storage
// is wired to the default table, so it gets that.
import type { CSIDriver, CSINode, StorageClass, VolumeAttachment, VolumeAttributesClass } from '../../api/index.js';
import { AGE, NAME, ageOf, column, defineTable, doc, nameOf } from './columns.js';
import type { KubeObject, TableConvertor } from './types.js';

const DEFAULT_CLASS = 'storageclass.kubernetes.io/is-default-class';
const BETA_DEFAULT_CLASS = 'storageclass.beta.kubernetes.io/is-default-class';
const DEFAULT_ATTRIBUTES_CLASS = 'volumeattributesclass.alpha.kubernetes.io/is-default-class';

function annotation(object: KubeObject, key: string): string | undefined {
  return object.metadata?.annotations?.[key];
}

const storageClassTable = defineTable<StorageClass>({
  columns: [
    NAME,
    column('Provisioner', 'string', doc('storage/v1.StorageClass.provisioner')),
    column('ReclaimPolicy', 'string', doc('storage/v1.StorageClass.reclaimPolicy')),
    column('VolumeBindingMode', 'string', doc('storage/v1.StorageClass.volumeBindingMode')),
    column('AllowVolumeExpansion', 'string', doc('storage/v1.StorageClass.allowVolumeExpansion')),
    AGE,
  ],
  cells(sc, now) {
    const isDefault = annotation(sc, DEFAULT_CLASS) === 'true' || annotation(sc, BETA_DEFAULT_CLASS) === 'true';
    return [
      isDefault ? `${nameOf(sc)} (default)` : nameOf(sc),
      sc.provisioner ?? '',
      sc.reclaimPolicy ?? 'Delete',
      sc.volumeBindingMode ?? 'Immediate',
      sc.allowVolumeExpansion ?? false,
      ageOf(sc, now),
    ];
  },
});

const volumeAttachmentTable = defineTable<VolumeAttachment>({
  columns: [
    NAME,
    column('Attacher', 'string', doc('storage/v1.VolumeAttachmentSpec.attacher'), { format: 'name' }),
    column('PV', 'string', doc('storage/v1.VolumeAttachmentSource.persistentVolumeName')),
    column('Node', 'string', doc('storage/v1.VolumeAttachmentSpec.nodeName')),
    column('Attached', 'boolean', doc('storage/v1.VolumeAttachmentStatus.attached')),
    AGE,
  ],
  cells: (va, now) => [
    nameOf(va),
    va.spec?.attacher ?? '',
    va.spec?.source?.persistentVolumeName ?? '',
    va.spec?.nodeName ?? '',
    va.status?.attached ?? false,
    ageOf(va, now),
  ],
});

const csiDriverTable = defineTable<CSIDriver>({
  columns: [
    NAME,
    column('AttachRequired', 'boolean', doc('storage/v1.CSIDriverSpec.attachRequired')),
    column('PodInfoOnMount', 'boolean', doc('storage/v1.CSIDriverSpec.podInfoOnMount')),
    column('StorageCapacity', 'boolean', doc('storage/v1.CSIDriverSpec.storageCapacity')),
    column('TokenRequests', 'string', doc('storage/v1.CSIDriverSpec.tokenRequests')),
    column('RequiresRepublish', 'boolean', doc('storage/v1.CSIDriverSpec.requiresRepublish')),
    column('Modes', 'string', doc('storage/v1.CSIDriverSpec.volumeLifecycleModes')),
    AGE,
  ],
  cells(driver, now) {
    const spec = driver.spec ?? {};
    const tokenRequests = Array.isArray(spec.tokenRequests)
      ? spec.tokenRequests.map((t) => t.audience).join(',')
      : '<unset>';
    // volumeLifecycleModes defaults to Persistent
    const modes = spec.volumeLifecycleModes?.length ? spec.volumeLifecycleModes : ['Persistent'];
    return [
      nameOf(driver),
      spec.attachRequired ?? true,
      spec.podInfoOnMount ?? false,
      spec.storageCapacity ?? false,
      tokenRequests,
      spec.requiresRepublish ?? false,
      modes.join(',') || '<none>',
      ageOf(driver, now),
    ];
  },
});

const csiNodeTable = defineTable<CSINode>({
  columns: [NAME, column('Drivers', 'integer', 'Drivers indicates the number of CSI drivers registered on the node'), AGE],
  cells: (node, now) => [nameOf(node), (node.spec?.drivers ?? []).length, ageOf(node, now)],
});

const volumeAttributesClassTable = defineTable<VolumeAttributesClass>({
  columns: [NAME, column('DriverName', 'string', doc('storage/v1beta1.VolumeAttributesClass.driverName')), AGE],
  cells(vac, now) {
    const isDefault = annotation(vac, DEFAULT_ATTRIBUTES_CLASS) === 'true';
    return [isDefault ? `${nameOf(vac)} (default)` : nameOf(vac), vac.driverName ?? '', ageOf(vac, now)];
  },
});

/** storage.k8s.io kinds, by kind. */
export const storageTables: Record<string, TableConvertor> = {
  StorageClass: storageClassTable,
  VolumeAttachment: volumeAttachmentTable,
  CSIDriver: csiDriverTable,
  CSINode: csiNodeTable,
  VolumeAttributesClass: volumeAttributesClassTable,
};
