/**
 * Checksums of SSE-C objects (issue 14 item 3; evidence checksum.ssec-plaintext): objects written
 * with an x-amz-checksum-* of their plaintext, the read header that asks for it, and what a
 * refused read must not carry.
 */
import type { HeaderList, S3Response } from "../client/types.ts";
import { checksumBase64, type ChecksumAlgorithm } from "../client/index.ts";
import type { CheckContext, PartRef, StoredObject, Upload } from "./types.ts";
import { initiate, uploadIdOf, uploadPart } from "./multipart-requests.ts";
import { payload } from "./payload.ts";
import { targetTrio } from "./trios.ts";
import { etagOf } from "./object-requests.ts";

/** What GET and HEAD send to be answered the object's checksum. */
export const CHECKSUM_MODE: HeaderList = [["x-amz-checksum-mode", "ENABLED"]];

export function checksumHeader(alg: ChecksumAlgorithm): string {
  return `x-amz-checksum-${alg}`;
}

/** An SSE-C object PUT with the x-amz-checksum-<alg> of its plaintext, and that checksum. */
export interface ChecksummedObject extends StoredObject {
  algorithm: ChecksumAlgorithm;
  checksum: string;
}

/** PUT an SSE-C object carrying its plaintext's `alg` checksum as a fixture. */
export async function putChecksummed(
  ctx: CheckContext,
  alg: ChecksumAlgorithm,
  size = 1000,
): Promise<ChecksummedObject> {
  const body = payload(ctx.target.seed, `${ctx.def.id}/checksummed-${alg}`, size);
  const key = ctx.customerKey(`checksummed-${alg}`);
  const objectKey = ctx.objectKey(`checksummed-${alg}`);
  const checksum = checksumBase64(alg, body);
  const res = await ctx.send({
    method: "PUT",
    key: objectKey,
    body,
    headers: [...targetTrio(ctx, key), [checksumHeader(alg), checksum]],
  });
  ctx.require(res, 200, `SSE-C PUT with x-amz-checksum-${alg} of the fixture`);
  return { objectKey, key, body, etag: etagOf(res), algorithm: alg, checksum };
}

/** The answer names no checksum of the object (no x-amz-checksum-<alg> header). */
export function expectNoChecksum(ctx: CheckContext, res: S3Response): void {
  const named = Object.keys(res.headers).filter((n) => /^x-amz-checksum-(crc32|crc32c|crc64nvme|sha1|sha256)$/.test(n));
  if (named.length > 0) ctx.fail("no checksum of the object in a refused read", `${named.join(", ")} answered`);
}

/** The COMPOSITE checksum of parts: base64(alg(digest 1 ‖ … ‖ digest n)) + "-n" (evidence checksum.composite-multipart). */
export function compositeChecksum(alg: ChecksumAlgorithm, parts: readonly Buffer[]): string {
  const digests = Buffer.concat(parts.map((p) => Buffer.from(checksumBase64(alg, p), "base64")));
  return `${checksumBase64(alg, digests)}-${parts.length}`;
}

/** The Complete element name of a part checksum (`ChecksumSHA256`). */
export function checksumElement(alg: ChecksumAlgorithm): string {
  return `Checksum${alg.toUpperCase()}`;
}

/**
 * An SSE-C upload created with x-amz-checksum-algorithm `alg`, its parts uploaded with their
 * plaintext's checksum (fixture steps); the part refs carry the checksums Complete must list.
 */
export async function uploadChecksummedParts(
  ctx: CheckContext,
  alg: ChecksumAlgorithm,
  parts: readonly Buffer[],
  label = `checksummed-${alg}`,
): Promise<{ upload: Upload; refs: PartRef[] }> {
  const key = ctx.customerKey(label);
  const objectKey = ctx.objectKey(label);
  const init = await initiate(ctx, objectKey, [
    ...targetTrio(ctx, key),
    ["x-amz-checksum-algorithm", alg.toUpperCase()],
  ]);
  ctx.require(init, 200, `SSE-C Initiate Multipart Upload with x-amz-checksum-algorithm ${alg.toUpperCase()}`);
  const upload: Upload = { objectKey, uploadId: uploadIdOf(init), key };
  const refs: PartRef[] = [];
  for (const [i, body] of parts.entries()) {
    const value = checksumBase64(alg, body);
    const res = await uploadPart(ctx, upload, i + 1, body, [...targetTrio(ctx, key), [checksumHeader(alg), value]]);
    ctx.require(res, 200, `SSE-C Upload Part ${i + 1} with x-amz-checksum-${alg}`);
    refs.push({ partNumber: i + 1, etag: res.headers["etag"] ?? "", checksums: { [checksumElement(alg)]: value } });
  }
  return { upload, refs };
}
