// Per-resource behaviour plugged into the one generic store (as upstream's registry strategies
// are): defaulting and validation, what happens before create and update, which fields a
// field selector may name, and graceful deletion.
import { applyDefaults } from './defaults/index.js';
import { apiVersionOf, type ResourceInfo } from './catalog.js';
import type { KubeObject } from './object.js';
import { StatusError, type Status } from './statusError.js';
import {
  invalidStatusFor, QuantityParseError, validateCreate, validateUpdate, type FieldError, type KubeObject as PlainObject,
} from './validation/index.js';

export interface Strategy {
  /** Spec changes bump metadata.generation (workloads and other controller-driven kinds). */
  readonly tracksGeneration: boolean;
  /** Field-selector fields beyond metadata.name and metadata.namespace. */
  readonly selectableFields: readonly string[];
  /** What a write through the status subresource may change in metadata besides the generic
   * resets (upstream's status strategies): nothing, everything but labels, or everything. */
  readonly statusMetadata: StatusMetadata;
  fieldValues(object: KubeObject): Record<string, string>;
  /** Upstream's API defaults, applied to every object written (as decoding does upstream). */
  applyDefaults(object: KubeObject): void;
  /** Fills defaults and resets what a client may not set, before a create is validated. */
  prepareForCreate(object: KubeObject): void | Promise<void>;
  /** The same for an update of the main resource (not a subresource). */
  prepareForUpdate(object: KubeObject, old: KubeObject): void | Promise<void>;
  validateCreate(object: KubeObject): StatusError | undefined;
  validateUpdate(object: KubeObject, old: KubeObject): StatusError | undefined;
  /** Validates a write through the status subresource (custom resources: against the schema). */
  validateStatusUpdate?(object: KubeObject, old: KubeObject): StatusError | undefined;
  /** The paths of the fields the object's schema does not know (`spec.foo`), which decoding
   * drops; fieldValidation reports them (custom resources). */
  unknownFields?(object: KubeObject): string[];
  /** Something besides metadata.finalizers keeps a deleted object (a namespace's spec
   * finalizers); the object is marked and kept until it is released. */
  holdsOnDelete(object: KubeObject): boolean;
  /** Marks an object whose deletion has begun (e.g. a namespace turns Terminating). */
  prepareForDeletion(object: KubeObject): void;
  /** How long a delete waits before the object goes, or undefined to delete at once. */
  gracePeriodSeconds(object: KubeObject, requested: number | undefined): number | undefined;
  /** After validation, before the write: takes what the object needs (allocations). A dry
   * run must take nothing for good. */
  beginCreate(object: KubeObject, dryRun: boolean): void | Promise<void>;
  /** Undoes beginCreate when the create was not stored. */
  rollbackCreate(object: KubeObject): void | Promise<void>;
  /** The same pair for updates of the main resource. */
  beginUpdate(object: KubeObject, old: KubeObject, dryRun: boolean): void | Promise<void>;
  rollbackUpdate(object: KubeObject, old: KubeObject): void | Promise<void>;
  /** Runs after an update is stored (frees what the old object held and the new one not). */
  afterUpdate(object: KubeObject, old: KubeObject): void | Promise<void>;
  /** Runs after an object is gone (frees what it held, e.g. a Service's cluster IP). */
  afterDelete(object: KubeObject): void | Promise<void>;
}

export type StatusMetadata = 'none' | 'allButLabels' | 'all';

/** Behaviour every resource shares; specific strategies override parts of it. */
export class BaseStrategy implements Strategy {
  readonly tracksGeneration: boolean;
  readonly selectableFields: readonly string[] = [];
  readonly statusMetadata: StatusMetadata;

  constructor(readonly info: ResourceInfo) {
    this.tracksGeneration = tracksGenerationByDefault(info);
    this.statusMetadata = statusMetadataKept[`${info.group}/${info.resource}`] ?? 'none';
  }

  fieldValues(_object: KubeObject): Record<string, string> {
    return {};
  }

  applyDefaults(object: KubeObject): void {
    try {
      applyDefaults(apiVersionOf(this.info), this.info.kind, object as unknown as PlainObject);
    } catch (error) {
      if (error instanceof QuantityParseError) throw StatusError.badRequest(error.message);
      throw error;
    }
  }

  prepareForCreate(object: KubeObject): void {
    if (this.hasStatus) object.status = {};
  }

  prepareForUpdate(object: KubeObject, old: KubeObject): void {
    if (this.hasStatus) object.status = old.status;
  }

  validateCreate(object: KubeObject): StatusError | undefined {
    return this.invalid(object, validateCreate(apiVersionOf(this.info), this.info.kind, object as unknown as PlainObject, { namespaced: this.info.namespaced }));
  }

  validateUpdate(object: KubeObject, old: KubeObject): StatusError | undefined {
    return this.invalid(object, validateUpdate(apiVersionOf(this.info), this.info.kind, object as unknown as PlainObject, old as unknown as PlainObject, { namespaced: this.info.namespaced }));
  }

  /** The 422 Invalid error for field errors, if there are any. */
  protected invalid(object: KubeObject, errors: readonly FieldError[]): StatusError | undefined {
    if (errors.length === 0) return undefined;
    const status = invalidStatusFor(apiVersionOf(this.info), this.info.kind, object.metadata.name ?? '', errors);
    return new StatusError(status as unknown as Status);
  }

  holdsOnDelete(_object: KubeObject): boolean {
    return false;
  }

  prepareForDeletion(_object: KubeObject): void {}

  gracePeriodSeconds(_object: KubeObject, _requested: number | undefined): number | undefined {
    return undefined;
  }

  beginCreate(_object: KubeObject, _dryRun: boolean): void {}

  rollbackCreate(_object: KubeObject): void {}

  beginUpdate(_object: KubeObject, _old: KubeObject, _dryRun: boolean): void {}

  rollbackUpdate(_object: KubeObject, _old: KubeObject): void {}

  afterUpdate(_object: KubeObject, _old: KubeObject): void {}

  afterDelete(_object: KubeObject): void {}

  /** The resource has a status subresource: the main resource may not change status. */
  get hasStatus(): boolean {
    return this.info.subresources.some((s) => s.name === 'status');
  }
}

const generationTracking = new Set([
  '/pods',
  'apps/deployments', 'apps/replicasets', 'apps/statefulsets', 'apps/daemonsets',
  'batch/jobs', 'batch/cronjobs', '/replicationcontrollers', 'autoscaling/horizontalpodautoscalers',
  'networking.k8s.io/ingresses', 'networking.k8s.io/networkpolicies', 'policy/poddisruptionbudgets',
  'apiextensions.k8s.io/customresourcedefinitions', 'admissionregistration.k8s.io/validatingwebhookconfigurations',
  'admissionregistration.k8s.io/mutatingwebhookconfigurations',
  'admissionregistration.k8s.io/validatingadmissionpolicies',
  'admissionregistration.k8s.io/validatingadmissionpolicybindings',
  'flowcontrol.apiserver.k8s.io/flowschemas', 'flowcontrol.apiserver.k8s.io/prioritylevelconfigurations',
  'storage.k8s.io/volumeattachments', 'networking.k8s.io/ingressclasses',
]);

/** Upstream's apps status strategies reset only the spec (and a Deployment's labels), so
 * annotation and other metadata changes sent to /status are kept. */
const statusMetadataKept: Record<string, StatusMetadata> = {
  'apps/deployments': 'allButLabels',
  'apps/replicasets': 'all', 'apps/statefulsets': 'all', 'apps/daemonsets': 'all',
};

function tracksGenerationByDefault(info: ResourceInfo): boolean {
  return generationTracking.has(`${info.group}/${info.resource}`);
}
