// Objects of a custom resource: generation tracked on spec changes; with a status
// subresource, a create carries no status and updates of the main resource keep the stored
// one; metadata validated like every object. With a structural schema, every write is
// defaulted and pruned of unknown fields, and creates and updates are validated against it
// (after the metadata checks, as upstream lists them), then the scale subresource's replicas.
// Writes through the status subresource are validated the same way, the spec replicas aside.
import { apiVersionOf, type ResourceInfo } from '../catalog.js';
import type { KubeObject } from '../object.js';
import type { StatusError } from '../statusError.js';
import { BaseStrategy } from '../strategy.js';
import {
  validateCreate, validateUpdate, type FieldError, type KubeObject as PlainObject,
} from '../validation/index.js';
import { applySchemaDefaults, prune, validateCustomObject, type JSONSchemaProps } from './schema/index.js';
import { dropUnknownMetadata } from './schema/objectMeta.js';
import { scaleSpecErrors, scaleStatusErrors } from './scale.js';

type SchemaSource = JSONSchemaProps | (() => JSONSchemaProps | undefined) | undefined;

export class CustomResourceStrategy extends BaseStrategy {
  override readonly tracksGeneration = true;
  private readonly schemaSource: () => JSONSchemaProps | undefined;

  constructor(info: ResourceInfo, schema?: SchemaSource) {
    super(info);
    this.schemaSource = typeof schema === 'function' ? schema : () => schema;
  }

  /** The version's openAPIV3Schema, if it has one. */
  get schema(): JSONSchemaProps | undefined {
    return this.schemaSource();
  }

  /** Drops unknown metadata fields, defaults, then prunes unknown fields (upstream decodes
   * custom objects this way). */
  override applyDefaults(object: KubeObject): void {
    dropUnknownMetadata(object);
    const schema = this.schema;
    if (!schema) return;
    const plain = object as unknown as Record<string, unknown>;
    applySchemaDefaults(plain, schema);
    prune(plain, schema);
  }

  override prepareForCreate(object: KubeObject): void {
    if (this.hasStatus) delete object.status;
  }

  override prepareForUpdate(object: KubeObject, old: KubeObject): void {
    if (!this.hasStatus) return;
    if (old.status === undefined) delete object.status;
    else object.status = old.status;
  }

  /** The paths pruning would drop (upstream's unknown fields of a custom object, in its order). */
  unknownFields(object: KubeObject): string[] {
    const schema = this.schema;
    if (!schema) return [];
    return prune(structuredClone(object) as unknown as Record<string, unknown>, schema);
  }

  override validateCreate(object: KubeObject): StatusError | undefined {
    const meta = validateCreate(apiVersionOf(this.info), this.info.kind, object as unknown as PlainObject, { namespaced: this.info.namespaced });
    return this.invalid(object, [...meta, ...this.schemaErrors(object), ...scaleSpecErrors(object, this.info.scale), ...scaleStatusErrors(object, this.info.scale)]);
  }

  override validateUpdate(object: KubeObject, old: KubeObject): StatusError | undefined {
    const meta = this.metadataUpdateErrors(object, old);
    return this.invalid(object, [...meta, ...this.schemaErrors(object, old), ...scaleSpecErrors(object, this.info.scale), ...scaleStatusErrors(object, this.info.scale)]);
  }

  validateStatusUpdate(object: KubeObject, old: KubeObject): StatusError | undefined {
    const meta = this.metadataUpdateErrors(object, old);
    return this.invalid(object, [...meta, ...this.schemaErrors(object, old), ...scaleStatusErrors(object, this.info.scale)]);
  }

  private metadataUpdateErrors(object: KubeObject, old: KubeObject): FieldError[] {
    return validateUpdate(apiVersionOf(this.info), this.info.kind, object as unknown as PlainObject, old as unknown as PlainObject, { namespaced: this.info.namespaced });
  }

  /** The schema's errors, then its x-kubernetes-validations rules' (old: on update). */
  private schemaErrors(object: KubeObject, old?: KubeObject): FieldError[] {
    const schema = this.schema;
    if (!schema) return [];
    return validateCustomObject(schema, object as unknown as Record<string, unknown>, old as unknown as Record<string, unknown> | undefined);
  }
}
