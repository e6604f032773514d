// openapi: the API server's /openapi/v2 and /openapi/v3 endpoints, answering like
// kube-apiserver v1.33 (kube-openapi's handlers), so kubectl 1.27-1.33 can explain, validate and
// compute strategic merge patches against kubets.
//
// - OpenApiDocuments holds the published documents as encoded bytes with their SHA-512 hashes:
//   the pinned upstream documents (src/generated/openapi) limited to the served group-versions,
//   read on first use; `set`/`delete` add documents at run time (custom resources).
// - openApiRouter(documents) is the express Router to mount at the server root.
// - /openapi/v2 is also served as gnostic's `openapi.v2.Document` protobuf (encodeGnosticDocument),
//   with vendor extensions as YAML text the way gnostic writes it (gnosticYaml).
//
// It imports the API artifacts (src/api) and the built-in catalog (src/registry) only.
export { OpenApiDocuments, ServedDocument, documentHash, serverRelativeUrl } from './documents.js';
export type { OpenApiDocumentsOptions, SwaggerFragment } from './documents.js';
export {
  openApiRouter,
  serveV2,
  serveV3Document,
  serveV3Index,
  JSON_MEDIA_TYPE,
  PROTOBUF_V2_CONTENT_TYPE,
  PROTOBUF_V2_MEDIA_TYPE,
} from './router.js';
export { encodeGnosticDocument, gnosticDocumentMessage } from './gnosticDocument.js';
export { gnosticYaml } from './gnosticYaml.js';
export { restrictSwagger, servedDocumentPaths, documentPathOf } from './swaggerSubset.js';
export type { ServedGroup } from './swaggerSubset.js';
export { CustomResourceOpenApi, coreSchemas } from './customResources.js';
