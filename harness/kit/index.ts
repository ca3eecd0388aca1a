/**
 * The kit: the one module every suite file imports. Registering a check and its context,
 * property checks, shared fixtures, SSE-C header sets in the target's dialect, payloads, raw
 * requests, fixtures, assertions, the header-matrix runners, second buckets, storage at rest,
 * and what the suites need of the SSE-C vocabulary, the arbitraries and the catalogue.
 * This file only re-exports; each job lives in a file of its own.
 */
export { check, type CheckOptions } from "./check.ts";
export { readRefusalChecks } from "./read-refusal-checks.ts";
export { propertyCheck, type PropertyContext, type PropertySpec } from "./property.ts";
export { statefulCheck } from "./stateful/run.ts";
export { copyCommands, overwriteCommands, partCopyCommands, uploadCommands } from "./stateful/commands.ts";
export { partNumbers, shared, sharedPerCheck, sharedUpload } from "./shared.ts";
export { plainSources, writeTargets, type WriteTarget } from "./property-targets.ts";
export {
  expectRefused,
  spoiledTrioProperties,
  spoiledTrioProperty,
  type CopySide,
  type PropertyCases,
  type SpoiledTrio,
} from "./refused-requests.ts";
export type {
  ByteRange,
  CheckContext,
  PartRef,
  PlainObject,
  Stored,
  StoredObject,
  Upload,
  UploadRef,
} from "./types.ts";
export { CheckFailure, CheckSkip, PreconditionError, type PropertyReplay } from "./check-errors.ts";

export {
  copyHeaders,
  copySourceHeader,
  echoNames,
  formTrio,
  sourceTrio,
  sseS3Header,
  targetTrio,
  trioNames,
} from "./trios.ts";
export { KIB, MIB, bodyOf, md5Hex, objectSize, payload } from "./payload.ts";
export { payloadSha256, payloadSlice, payloadStream, streamSha256 } from "./large-payload.ts";
export {
  CHECKSUM_MODE,
  checksumElement,
  checksumHeader,
  compositeChecksum,
  expectNoChecksum,
  putChecksummed,
  uploadChecksummedParts,
  type ChecksummedObject,
} from "./checksum-objects.ts";
export { CHECKSUM_ALGORITHMS, checksumBase64, type ChecksumAlgorithm } from "../client/index.ts";
export {
  copyObject,
  copyObjectEtag,
  etagOf,
  getObject,
  getSsec,
  headObject,
  headSsec,
  postObject,
  putObject,
  type PostOptions,
} from "./object-requests.ts";
export {
  abort,
  complete,
  completedEtag,
  completedOk,
  copyPartEtag,
  initiate,
  listParts,
  uploadIdOf,
  uploadPart,
  uploadPartCopy,
} from "./multipart-requests.ts";
export {
  completeFixture,
  fixtureKey,
  initiateFixture,
  putFixture,
  putPlain,
  putSsec,
  putSsecMultipart,
  uploadPartFixture,
  withUpload,
  type PutOptions,
} from "./fixtures.ts";

export { expectEcho, expectNoKeyLeak, expectReadEcho } from "./expect-echo.ts";
export {
  expectBody,
  expectBytes,
  expectNoPlaintext,
  expectReadRefused,
  expectStreamBytes,
  readWithKey,
} from "./expect-bytes.ts";
export { expectAbsent, expectIntact, expectNoPart, expectNoUpload, listOpenUploads } from "./expect-stored.ts";
export { MISSING_EXPECTATION, badMd5Expectations, expectRefusal } from "./refusals.ts";
export {
  atRestChecks,
  expectNotAtRest,
  keyNeedles,
  plaintextNeedles,
  referenceStorage,
  type AtRestWrite,
  type Needle,
} from "./at-rest.ts";

export { requireHttpEndpoint, runMatrix, type MatrixAdapter } from "./header-matrix.ts";
export { expectCopySourceRefused, runCopySourceMatrix, type CopySourceAdapter } from "./copy-source-matrix.ts";
export { runCopySourceOnlyOverHttp, type CopySourceOnlyHttpAdapter } from "./copy-source-http.ts";
export { runConditionalReads } from "./conditional-reads.ts";
export { withDefaultEncryptionBucket, withSseS3Bucket } from "./default-encryption.ts";
export { inBucket, withBlockedBucket, withSecondBucket, type SecondBucket } from "./second-bucket.ts";
export {
  getObjectAttributes,
  listKeyVersions,
  putSsecVersion,
  readVersion,
  twoSsecVersions,
  versionCopySource,
  versionIdOf,
  withVersionedBucket,
  type StoredVersion,
} from "./versions.ts";
export { parseListVersions, parseObjectAttributes } from "../client/index.ts";
export { getBucketPolicy, ssecPolicyDocument, withPolicyBucket, type SsecCondition } from "./bucket-policy.ts";
export {
  S3_FORM,
  copySourceIn,
  expectEchoIn,
  expectReadsBackIn,
  putInForm,
  requireObsTarget,
  type HeaderForm,
} from "./obs-forms.ts";

export { keyFromBase64, sseHeaderName, vectorKey, type CustomerKey, type SsecPart } from "../ssec/index.ts";
export * from "../ssec/arbitraries/index.ts";
export { ROUND_TRIP_SIZES } from "../checks/catalogue/put-object.ts";
export { expectedCopyOutcome, type CopyOutcome } from "../checks/copy-outcome.ts";
export type { PolicyCondition } from "../client/index.ts";
export type { HeaderList, S3Response } from "../client/types.ts";
