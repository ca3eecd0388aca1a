/** SSE-C helpers for the suites: customer keys, key-MD5, header sets and form fields, key vectors. */
export { CustomerKey, generateKey, keyFromBase64, keyFromBytes, keyMd5Base64 } from "./key.ts";
export { deriveKey, derivedBytes } from "./derive.ts";
export {
  copySourceHeaders,
  echoHeaderNames,
  ssecFormFields,
  ssecHeaderNames,
  ssecHeaders,
  SSEC_ALGORITHM,
  type Dialect,
  type SsecHeaderNames,
  type SsecHeaderOptions,
  type SsecPart,
} from "./headers.ts";
export { KEY_VECTORS, keyVector, vectorKey, type KeyVector, type KeyVectorId } from "./fixtures.ts";
