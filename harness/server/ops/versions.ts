/**
 * Versioning: PutBucketVersioning and GetBucketVersioning (PUT/GET /bucket?versioning), the
 * version id a write gets, and the version a read or copy source addresses (?versionId, or the
 * current version). Each version of an SSE-C key keeps its own data key: a version is unlocked
 * only with the key it was written with (evidence version.noncurrent-current-key-refused).
 */
import { readSmallBody } from "../body.ts";
import type { RequestContext } from "../request-context.ts";
import { S3Fault } from "../errors.ts";
import type { HeaderPairs, ServerResponse } from "../request.ts";
import { emptyResponse, xmlResponse } from "../respond.ts";
import { versionIdOf, type BucketRecord, type ObjectRecord, type VersionRecord } from "../storage/types.ts";
import { parseXml, text } from "../xml.ts";
import { newObjectId } from "../object-bytes.ts";
import { requireBucket } from "./common.ts";

const malformed = () =>
  new S3Fault(
    "MalformedXML",
    "The XML you provided was not well-formed or did not validate against our published schema",
  );

/** The versioning-not-implemented fault: a server without versioning (an optional feature). */
export function withoutVersioning(rc: RequestContext): void {
  if (rc.server.faults.has("versioning-not-implemented"))
    throw new S3Fault(
      "NotImplemented",
      "A header or query you provided implies functionality that is not implemented.",
    );
}

export async function putBucketVersioning(rc: RequestContext): Promise<ServerResponse> {
  withoutVersioning(rc);
  const bucket = await requireBucket(rc);
  const doc = parseXml(await readSmallBody(rc.body(), 64 * 1024), "VersioningConfiguration");
  const status = text(doc, "Status");
  if (status !== "Enabled" && status !== "Suspended") throw malformed();
  await rc.server.storage.updateBucket({ ...bucket, versioning: status });
  return emptyResponse(200);
}

export async function getBucketVersioning(rc: RequestContext): Promise<ServerResponse> {
  withoutVersioning(rc);
  const bucket = await requireBucket(rc);
  return xmlResponse(200, [
    "VersioningConfiguration",
    bucket.versioning !== undefined && ["Status", bucket.versioning],
  ]);
}

/** The version id a new write of object `id` gets: its own while versioning is Enabled, else none (null). */
export function newVersionId(bucket: BucketRecord, id: string): string | undefined {
  return bucket.versioning === "Enabled" ? id : undefined;
}

/** x-amz-version-id of an answer about `rec`, once the bucket has (had) versioning. */
export function versionHeaders(bucket: BucketRecord, rec: Pick<VersionRecord, "versionId">): HeaderPairs {
  return bucket.versioning !== undefined || rec.versionId !== undefined ? [["x-amz-version-id", versionIdOf(rec)]] : [];
}

/**
 * A versionId parameter: "null", or an id this server could have given (AWS answers an id it
 * never gave, and any id but "null" in a bucket that never had versioning, 400 InvalidArgument:
 * LocalStack's AWS-validated snapshot of test_get_object_with_version_unversioned_bucket).
 */
export function checkVersionId(bucket: BucketRecord, versionId: string): void {
  if (versionId === "null") return;
  if (bucket.versioning === undefined || !/^[0-9a-f]{32}$/.test(versionId))
    throw new S3Fault("InvalidArgument", "Invalid version id specified", {
      ArgumentName: "versionId",
      ArgumentValue: versionId,
    });
}

function noSuchKey(key: string, marker?: VersionRecord): S3Fault {
  const f = new S3Fault("NoSuchKey", "The specified key does not exist.", { Key: key });
  if (marker) f.headers.push(["x-amz-delete-marker", "true"], ["x-amz-version-id", versionIdOf(marker)]);
  return f;
}

/**
 * The object version a read addresses: `versionId`, or the current version. A current delete
 * marker reads as 404 NoSuchKey, a delete marker named by id as 405 MethodNotAllowed (both with
 * x-amz-delete-marker), an unknown id as 404 NoSuchVersion (LocalStack's AWS-validated snapshot
 * of test_delete_object_versioned). `copySource`: a delete marker named by id is 400 InvalidRequest.
 */
export async function requireVersion(
  rc: RequestContext,
  bucket: BucketRecord,
  key: string,
  versionId: string | undefined,
  copySource = false,
): Promise<ObjectRecord> {
  const { storage } = rc.server;
  if (versionId === undefined) {
    const cur = await storage.getCurrent(bucket.name, key);
    if (!cur || cur.deleteMarker) throw noSuchKey(key, cur);
    return cur;
  }
  withoutVersioning(rc);
  checkVersionId(bucket, versionId);
  const v = await storage.getVersion(bucket.name, key, versionId);
  if (!v) {
    if (versionId === "null") throw noSuchKey(key);
    throw new S3Fault("NoSuchVersion", "The specified version does not exist.", { Key: key, VersionId: versionId });
  }
  if (!v.deleteMarker) return v;
  if (copySource)
    throw new S3Fault(
      "InvalidRequest",
      "The source of a copy request may not specifically refer to a delete marker by version id.",
    );
  const f = new S3Fault(
    "MethodNotAllowed",
    "The specified method is not allowed against this resource.",
    { Method: rc.req.method, ResourceType: "DeleteMarker" },
    405,
  );
  f.headers.push(["x-amz-delete-marker", "true"], ["x-amz-version-id", versionId], ["Allow", "DELETE"]);
  throw f;
}

/**
 * The version a GET, HEAD or GetObjectAttributes reads (`?versionId`, or the current one) and the
 * version its customer key is checked against: the same one, but for a fault.
 */
export async function readVersion(
  rc: RequestContext,
  bucket: BucketRecord,
  key: string,
): Promise<{ obj: ObjectRecord; keyCheck: ObjectRecord }> {
  const { faults, storage } = rc.server;
  const versionId = faults.has("version-id-ignored-on-read") ? undefined : rc.query.get("versionId");
  let obj: ObjectRecord;
  try {
    obj = await requireVersion(rc, bucket, key, versionId);
  } catch (e) {
    // The delete-marker-read-through fault: the newest object version below a current delete marker.
    const below =
      versionId === undefined && faults.has("delete-marker-read-through")
        ? (await storage.listVersions(bucket.name, key, key)).find((v) => v.rec.key === key && !v.rec.deleteMarker)
        : undefined;
    if (!below) throw e;
    obj = below.rec as ObjectRecord;
  }
  const current =
    versionId !== undefined && faults.has("version-key-checked-against-current")
      ? await storage.getObject(bucket.name, key)
      : undefined;
  return { obj, keyCheck: current && current.id !== obj.id ? current : obj };
}

/** What a delete did: the version it removed or the delete marker it stacked. */
export interface Deleted {
  versionId?: string;
  deleteMarker: boolean;
}

/**
 * DELETE of a key (DeleteObject, one entry of DeleteObjects). With a version id: that version is
 * removed for good (a delete marker too). Without: versioning Enabled stacks a delete marker,
 * Suspended makes a delete marker the null version, a bucket that never had versioning removes
 * the object (LocalStack's AWS-validated snapshot of test_delete_object_versioned).
 */
export async function deleteKey(
  rc: RequestContext,
  bucket: BucketRecord,
  key: string,
  versionId: string | undefined,
): Promise<Deleted> {
  const { storage } = rc.server;
  if (versionId !== undefined) {
    withoutVersioning(rc);
    checkVersionId(bucket, versionId);
    const gone = await storage.deleteVersion(bucket.name, key, versionId);
    return { versionId, deleteMarker: gone?.deleteMarker === true };
  }
  if (bucket.versioning === undefined) {
    await storage.deleteObject(bucket.name, key);
    return { deleteMarker: false };
  }
  const marker = {
    bucket: bucket.name,
    key,
    versionId: newVersionId(bucket, newObjectId()),
    lastModified: Date.now(),
    deleteMarker: true as const,
  };
  await storage.putObject(marker);
  return { versionId: versionIdOf(marker), deleteMarker: true };
}

export function deletedHeaders(d: Deleted): HeaderPairs {
  return [
    ...(d.deleteMarker ? ([["x-amz-delete-marker", "true"]] as HeaderPairs) : []),
    ...(d.versionId !== undefined ? ([["x-amz-version-id", d.versionId]] as HeaderPairs) : []),
  ];
}
