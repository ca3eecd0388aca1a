/**
 * Versioning for the checks (issue 14): a bucket of the check's own with versioning enabled (never
 * the run's bucket), SSE-C versions under keys of their own, and version-addressed requests. The
 * bucket is a second bucket (second-bucket.ts): recorded for the run's cleanup first, and emptied
 * version by version after the check.
 */
import type { HeaderList, S3Request, S3Response } from "../client/types.ts";
import { s3UriEncode, versioningConfigurationXml } from "../client/index.ts";
import { copyHeaderNames } from "../ssec/index.ts";
import type { CustomerKey } from "../ssec/index.ts";
import type { CheckContext, StoredObject } from "./types.ts";
import { inBucket, withSecondBucket } from "./second-bucket.ts";
import { CheckUnsupported } from "./check-errors.ts";
import { unsupportedReason } from "../checks/features.ts";
import type { FeatureName } from "../checks/types.ts";
import { parseListVersions, type ListedVersion } from "../client/index.ts";
import { etagOf } from "./object-requests.ts";
import { payload } from "./payload.ts";
import { targetTrio } from "./trios.ts";

/** One SSE-C version a fixture wrote. */
export interface StoredVersion extends StoredObject {
  versionId: string;
}

/**
 * Runs `body` in a bucket of the check's own, with versioning Enabled (or never set, with
 * `versioning: false`, for the null version), then removes every version in it and the bucket.
 */
export async function withVersionedBucket(
  ctx: CheckContext,
  body: (vctx: CheckContext) => Promise<void>,
  opts: { versioning?: boolean } = {},
): Promise<void> {
  await withSecondBucket(
    ctx,
    async (b) => {
      if (opts.versioning !== false) {
        const res = await ctx.send({
          method: "PUT",
          bucket: b.bucket,
          query: [["versioning", ""]],
          body: versioningConfigurationXml("Enabled"),
        });
        unsupportedOn501(res, "versioning", "PutBucketVersioning");
        ctx.require(res, 200, "PutBucketVersioning Enabled on the check's own bucket");
      }
      await body(inBucket(ctx, b.bucket));
    },
    { versions: true },
  );
}

/**
 * Where the run did not probe the feature (checks/features.ts), the check finds out itself: a
 * 501 NotImplemented answer to the feature's own request makes it `unsupported`, not failed.
 */
export function unsupportedOn501(res: S3Response, feature: FeatureName, what: string): void {
  if (res.status === 501 || res.error?.code === "NotImplemented")
    throw new CheckUnsupported(
      feature,
      unsupportedReason(feature, `${what} answered ${res.status} ${res.error?.code ?? ""}`.trim()),
    );
}

/** ListObjectVersions of `prefix` in the check's bucket: the versions and delete markers of that very key. */
export async function listKeyVersions(vctx: CheckContext, objectKey: string): Promise<ListedVersion[]> {
  const res = await vctx.send({
    method: "GET",
    query: [
      ["versions", ""],
      ["prefix", objectKey],
    ],
  });
  unsupportedOn501(res, "versioning", "ListObjectVersions");
  vctx.expectStatus(res, 200, "ListObjectVersions");
  return parseListVersions(res.body).versions.filter((v) => v.key === objectKey);
}

/** GetObjectAttributes of `obj` asking for every attribute, with the target trio for `key` (none when undefined). */
export async function getObjectAttributes(
  ctx: CheckContext,
  obj: { objectKey: string },
  key: CustomerKey | undefined,
): Promise<S3Response> {
  const res = await ctx.send({
    method: "GET",
    key: obj.objectKey,
    query: [["attributes", ""]],
    headers: [
      ["x-amz-object-attributes", "ETag,Checksum,ObjectParts,StorageClass,ObjectSize"],
      ...targetTrio(ctx, key),
    ],
  });
  unsupportedOn501(res, "object-attributes", "GetObjectAttributes");
  return res;
}

/** The x-amz-version-id a write answered; a versioned write without one fails the check. */
export function versionIdOf(ctx: CheckContext, res: S3Response, what: string): string {
  const v = res.headers["x-amz-version-id"];
  if (!v) ctx.fail(`${what} answers with x-amz-version-id`, "no x-amz-version-id header");
  return v;
}

/** An SSE-C PUT of `objectKey` under a key of its own (`label`) in a versioned bucket. */
export async function putSsecVersion(
  vctx: CheckContext,
  objectKey: string,
  label: string,
  size: number,
): Promise<StoredVersion> {
  const key = vctx.customerKey(label);
  const body = payload(vctx.target.seed, `${vctx.def.id}/${label}`, size);
  const res = await vctx.send({ method: "PUT", key: objectKey, body, headers: targetTrio(vctx, key) });
  vctx.require(res, 200, `SSE-C PUT of the ${label} (${size} bytes)`);
  return {
    objectKey,
    key,
    body,
    etag: etagOf(res),
    versionId: versionIdOf(vctx, res, `the SSE-C PUT of the ${label}`),
  };
}

/** Two SSE-C versions of one key, each under a key of its own: `old` (noncurrent) and `current`. */
export async function twoSsecVersions(
  vctx: CheckContext,
  size = 1000,
): Promise<{ old: StoredVersion; current: StoredVersion }> {
  const objectKey = vctx.objectKey("versioned");
  const old = await putSsecVersion(vctx, objectKey, "old-version", size);
  const current = await putSsecVersion(vctx, objectKey, "current-version", size + 17);
  if (old.versionId === current.versionId)
    vctx.fail("two versions with distinct version ids", `both answered x-amz-version-id ${old.versionId}`);
  return { old, current };
}

/** GET or HEAD of one version with the target trio for `key` (none when undefined). */
export function readVersion(
  vctx: CheckContext,
  method: "GET" | "HEAD",
  obj: { objectKey: string; versionId: string },
  key: CustomerKey | undefined,
  extra: HeaderList = [],
): Promise<S3Response> {
  return vctx.send({
    method,
    key: obj.objectKey,
    query: [["versionId", obj.versionId]],
    headers: [...targetTrio(vctx, key), ...extra],
  });
}

/** x-amz-copy-source naming one version: `/bucket/key?versionId=…`. */
export function versionCopySource(vctx: CheckContext, obj: { objectKey: string; versionId: string }): [string, string] {
  return [
    copyHeaderNames(vctx.dialect).copySource,
    `/${vctx.bucket}/${s3UriEncode(obj.objectKey, true)}?versionId=${encodeURIComponent(obj.versionId)}`,
  ];
}
