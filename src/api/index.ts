// api: the Kubernetes API types and wire formats kubets shares with upstream, built on the code
// generated from the pinned upstream artifacts (src/generated/, made by hack/generate-api.mjs):
// the TypeScript types of every built-in kind, the Go struct facts of those kinds (goSchema), and
// the protobuf codec that turns
// application/vnd.kubernetes.protobuf bodies into the JSON objects the rest of kubets handles
// (and back). It imports nothing from other kubets folders; everything else may import it.
export type * from '../generated/types/index.js';
export { kubetsRoot, generatedPath, readGeneratedJson } from './generatedFiles.js';
export { goSchema, GoSchema } from './goSchema.js';
export type { GoField, GoMessage, GoMessagePlan, GoPlannedField, MessageFacts, SpecialType } from './goSchema.js';
export { protoSchema, ProtoSchema } from './protoSchema.js';
export {
  decodeProtobufObject,
  encodeProtobufObject,
  ProtobufCodecError,
  PROTOBUF_CONTENT_TYPE,
} from './protobufCodec.js';
export type { JsonObject } from './protobufCodec.js';
export { isProtobufEnvelope } from './protobufToJson.js';
export { formatGoDuration, parseGoDuration } from './goDuration.js';
export { formatRfc3339, parseRfc3339 } from './goTime.js';
export { KUBERNETES_VERSION } from './kubernetesVersion.js';
