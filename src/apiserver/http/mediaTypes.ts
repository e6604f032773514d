// Content negotiation: which format a client sends (Content-Type) and which it accepts
// (Accept), including the `as=Table` / `as=PartialObjectMetadata` transforms kubectl asks for.

export const JSON_TYPE = 'application/json';
export const YAML_TYPE = 'application/yaml';
export const PROTOBUF_TYPE = 'application/vnd.kubernetes.protobuf';
export const ACCEPTED_BODY_TYPES = [JSON_TYPE, YAML_TYPE, PROTOBUF_TYPE];

export interface MediaType {
  type: string;
  params: Record<string, string>;
}

export function parseMediaTypes(header: string | undefined): MediaType[] {
  if (!header) return [];
  return header.split(',').map((part) => {
    const [type, ...params] = part.split(';').map((s) => s.trim());
    const parsed: Record<string, string> = {};
    for (const p of params) {
      const eq = p.indexOf('=');
      if (eq > 0) parsed[p.slice(0, eq).trim()] = p.slice(eq + 1).trim().replace(/^"|"$/g, '');
    }
    return { type: type.toLowerCase(), params: parsed };
  }).filter((m) => m.type !== '');
}

export type Transform = 'Table' | 'PartialObjectMetadata' | 'PartialObjectMetadataList' | undefined;

export interface ResponseFormat {
  /** The media type of the answer. */
  type: typeof JSON_TYPE | typeof YAML_TYPE | typeof PROTOBUF_TYPE;
  transform: Transform;
  /** meta.k8s.io version of the transform (v1 or v1beta1). */
  transformVersion?: string;
}

/** Picks the response format from Accept; undefined when nothing offered can be served.
 * JSON is preferred whenever the client takes it: protobuf answers only clients that take
 * nothing else. */
export function negotiate(accept: string | undefined): ResponseFormat | undefined {
  const key = accept ?? '';
  if (negotiated.has(key)) return negotiated.get(key);
  const format = choose(accept);
  // Clients send a handful of distinct Accept headers; remember the answers, within reason.
  if (negotiated.size < 256) negotiated.set(key, format);
  return format;
}

const negotiated = new Map<string, ResponseFormat | undefined>();

function choose(accept: string | undefined): ResponseFormat | undefined {
  const offered = parseMediaTypes(accept);
  if (offered.length === 0) return { type: JSON_TYPE, transform: undefined };
  for (const media of offered) {
    const as = media.params.as;
    if (as) {
      const known = as === 'Table' || as === 'PartialObjectMetadata' || as === 'PartialObjectMetadataList';
      if (!known || media.params.g !== 'meta.k8s.io' || !['v1', 'v1beta1'].includes(media.params.v ?? '')) continue;
      if (media.type === JSON_TYPE || media.type === YAML_TYPE) return { type: media.type, transform: as, transformVersion: media.params.v };
      continue;
    }
    if (media.type === JSON_TYPE || media.type === 'application/*' || media.type === '*/*') return { type: JSON_TYPE, transform: undefined };
    if (media.type === YAML_TYPE) return { type: YAML_TYPE, transform: undefined };
  }
  if (offered.some((m) => m.type === PROTOBUF_TYPE && !m.params.as)) return { type: PROTOBUF_TYPE, transform: undefined };
  return undefined;
}
