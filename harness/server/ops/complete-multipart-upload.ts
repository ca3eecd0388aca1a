/**
 * CompleteMultipartUpload: POST /bucket/key?uploadId=… with `<CompleteMultipartUpload><Part>…`.
 * Parts listed in ascending order (InvalidPartOrder), each uploaded with a matching ETag
 * (InvalidPart), all but the last ≥ 5 MiB (EntityTooSmall). No SSE-C headers needed (evidence complete.without-key,
 * observed on AWS); if sent, they must be the upload's.
 */
import { createHash } from "node:crypto";
import { keyOf, type RequestContext } from "../request-context.ts";
import { readSmallBody } from "../body.ts";
import { checkWriteConditions } from "../conditions.ts";
import { MIN_PART_SIZE, newObjectId, uploadKeyMatches } from "../object-bytes.ts";
import { S3Fault } from "../errors.ts";
import type { ServerResponse } from "../request.ts";
import { xmlResponse } from "../respond.ts";
import { readSseHeader, readSsecHeaders, validateSsec } from "../ssec.ts";
import { MSG_MULTIPART_ENCRYPTED, MSG_PARAMS_MISMATCH } from "../ssec-policy.ts";
import type { ObjectRecord, Segment } from "../storage/types.ts";
import { children, parseXml, text } from "../xml.ts";
import { requireBucket, requireUpload } from "./common.ts";
import { newVersionId, versionHeaders } from "./versions.ts";

const malformed = () =>
  new S3Fault(
    "MalformedXML",
    "The XML you provided was not well-formed or did not validate against our published schema",
  );

/** The multipart ETag: MD5 of the concatenated binary part ETags, "-" and the part count. */
export function multipartEtag(partEtags: string[]): string {
  const md5 = createHash("md5");
  for (const e of partEtags) md5.update(Buffer.from(e, "hex"));
  return `${md5.digest("hex")}-${partEtags.length}`;
}

export async function completeMultipartUpload(rc: RequestContext): Promise<ServerResponse> {
  const { faults, storage } = rc.server;
  const bucket = await requireBucket(rc);
  const upload = await requireUpload(rc, bucket.name);
  const key = keyOf(rc);

  const f = readSsecHeaders(rc.headers, "target", rc.server.faults);
  if (f) {
    const k = validateSsec(f, { use: "write", faults, sse: readSseHeader(rc.headers) });
    if (!upload.ssec || faults.has("complete-with-key-refused"))
      throw new S3Fault("InvalidRequest", MSG_MULTIPART_ENCRYPTED);
    if (!uploadKeyMatches(k, upload) && !faults.has("complete-key-not-compared"))
      throw new S3Fault("InvalidRequest", MSG_PARAMS_MISMATCH);
  } else if (upload.ssec && faults.has("complete-requires-key")) {
    throw new S3Fault("InvalidRequest", MSG_MULTIPART_ENCRYPTED);
  } else if (upload.ssec && upload.checksumAlgorithm && !faults.has("complete-checksum-key-optional")) {
    // evidence complete.checksum-requires-key: an upload created with a checksum algorithm needs the key on Complete
    // (AWS CompleteMultipartUpload), where the object's checksum is computed from the parts' (sealed) checksums.
    throw new S3Fault("InvalidRequest", MSG_MULTIPART_ENCRYPTED);
  }

  const doc = parseXml(await readSmallBody(rc.body(), 4 * 1024 * 1024), "CompleteMultipartUpload");
  const listed = children(doc.Part).map((p) => {
    const n = text(p, "PartNumber")?.trim();
    const etag = text(p, "ETag")?.trim();
    if (n === undefined || etag === undefined || !/^\d{1,5}$/.test(n)) throw malformed();
    return { partNumber: Number(n), etag: etag.replace(/^"(.*)"$/, "$1") };
  });
  if (listed.length === 0) throw malformed();
  for (let i = 1; i < listed.length; i++) {
    if (listed[i].partNumber <= listed[i - 1].partNumber) {
      throw new S3Fault(
        "InvalidPartOrder",
        "The list of parts was not in ascending order. The parts list must be specified in order by part number.",
      );
    }
  }
  const stored = new Map((await storage.listParts(bucket.name, upload.uploadId)).map((p) => [p.partNumber, p]));
  const segments: Segment[] = listed.map((l) => {
    const p = stored.get(l.partNumber);
    if (!p || p.etag !== l.etag) {
      throw new S3Fault(
        "InvalidPart",
        "One or more of the specified parts could not be found. The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
        { PartNumber: String(l.partNumber), ETag: l.etag },
      );
    }
    const { lastModified: _, ...segment } = p;
    return segment;
  });
  // Parts assembled in the order they arrived, not by part number (order kept by upload-part.ts under this fault).
  if (faults.has("parts-in-upload-order")) {
    const order = faults.memory.get<number[]>("upload-order", upload.uploadId) ?? [];
    segments.sort((a, b) => order.lastIndexOf(a.partNumber) - order.lastIndexOf(b.partNumber));
  }
  const tooSmall = (size: number) =>
    faults.has("min-part-size-exclusive") ? size <= MIN_PART_SIZE : size < MIN_PART_SIZE;
  segments.forEach((s, i) => {
    if (i < segments.length - 1 && tooSmall(s.size)) {
      throw new S3Fault("EntityTooSmall", "Your proposed upload is smaller than the minimum allowed object size.", {
        ProposedSize: String(s.size),
        MinSizeAllowed: String(MIN_PART_SIZE),
        PartNumber: String(s.partNumber),
        ETag: s.etag,
      });
    }
  });
  checkWriteConditions(rc.headers, await storage.getObject(bucket.name, key));

  const id = newObjectId();
  const obj: ObjectRecord = {
    bucket: bucket.name,
    key,
    id,
    versionId: newVersionId(bucket, id),
    uploadId: upload.uploadId,
    multipart: true,
    size: segments.reduce((n, s) => n + s.size, 0),
    etag: multipartEtag(segments.map((s) => s.etag)),
    lastModified: Date.now(),
    contentType: upload.contentType,
    metadata: upload.metadata,
    // pgsty/silo#119; seaweedfs/seaweedfs#9281: completing forgets that the parts are encrypted.
    ssec: upload.ssec !== undefined && !faults.has("complete-drops-encryption"),
    segments,
  };
  if (upload.sse) obj.sse = upload.sse;
  if (upload.kmsKeyId !== undefined) obj.kmsKeyId = upload.kmsKeyId;
  // COMPOSITE checksum when the upload declared an algorithm and every part carried it; the
  // value is computed on read (stored-checksums.ts: SSE-C part checksums are sealed, Complete has no key).
  if (upload.checksumAlgorithm && segments.every((s) => s.checksum?.algorithm === upload.checksumAlgorithm)) {
    obj.checksumAlgorithm = upload.checksumAlgorithm;
  }
  if (!(await storage.completeUpload(bucket.name, upload.uploadId, obj))) {
    throw new S3Fault(
      "NoSuchUpload",
      "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.",
    );
  }
  return xmlResponse(
    200,
    [
      "CompleteMultipartUploadResult",
      ["Location", `/${bucket.name}/${encodeURIComponent(key).replace(/%2F/g, "/")}`],
      ["Bucket", bucket.name],
      ["Key", key],
      ["ETag", `"${obj.etag}"`],
    ],
    versionHeaders(bucket, obj),
  );
}
