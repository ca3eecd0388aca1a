/** The one SSE-C vocabulary: customer keys, key-MD5, header names and sets, malformed variants, key vectors. */
export { CustomerKey, generateKey, keyFromBase64, keyFromBytes, keyMd5Base64 } from "./key.ts";
export { deriveKey, derivedBytes } from "./derive.ts";
export {
  asCopySource,
  copyHeaderNames,
  copySourceHeaders,
  CUSTOMER_KEY_FORM_FIELD,
  CUSTOMER_KEY_HEADER,
  echoHeaderNames,
  ssecFormFields,
  ssecHeaderNames,
  ssecHeaders,
  sseHeaderName,
  SSEC_ALGORITHM,
  type CopyHeaderNames,
  type Dialect,
  type SsecHeaderNames,
  type SsecHeaderOptions,
  type SsecPart,
} from "./headers.ts";
export {
  base64urlDigest,
  doubleBase64Key,
  hexDigest,
  junkCharacterKeyText,
  keyDigest,
  notBase64KeyText,
  otherBytesDigest,
  swapCase,
} from "./malformed-values.ts";
export { variantHeaders, type HeaderVariant, type KeyMaker, type VariantRequest } from "./header-variants.ts";
export { KEY_VECTORS, keyVector, vectorKey, type KeyVector, type KeyVectorId } from "./key-vectors.ts";
