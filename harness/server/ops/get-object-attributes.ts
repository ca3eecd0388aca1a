/**
 * GetObjectAttributes: GET /bucket/key?attributes with x-amz-object-attributes (ETag, Checksum,
 * ObjectParts, StorageClass, ObjectSize), x-amz-max-parts, x-amz-part-number-marker, ?versionId.
 * A metadata read: an SSE-C object's attributes need its key, as HEAD does (the AWS API reference
 * of GetObjectAttributes; evidence attributes.key-required; pgsty/silo#84), and sizes are plaintext.
 * As AWS answers (LocalStack's AWS-validated snapshot of test_get_object_attributes), ObjectParts
 * lists the parts themselves only for an upload made with checksums; otherwise TotalPartsCount
 * (whose element is <PartsCount>, the API model's locationName).
 */
import { keyOf, type RequestContext } from "../request-context.ts";
import { S3Fault } from "../errors.ts";
import { unlockObject } from "../object-bytes.ts";
import { objectChecksum } from "../object-checksum.ts";
import type { ServerResponse } from "../request.ts";
import { xmlResponse } from "../respond.ts";
import { readSseHeader } from "../ssec.ts";
import { mapWrongKey, missingKeyFault, notApplicableFault, readKey } from "../ssec-policy.ts";
import type { ObjectRecord } from "../storage/types.ts";
import type { Node } from "../xml.ts";
import { parseLimit, requireBucket } from "./common.ts";
import { readVersion, versionHeaders } from "./versions.ts";

const ATTRIBUTES = ["ETag", "Checksum", "ObjectParts", "StorageClass", "ObjectSize"] as const;
type Attribute = (typeof ATTRIBUTES)[number];

function requestedAttributes(rc: RequestContext): Set<Attribute> {
  const raw = (rc.headers.get("x-amz-object-attributes") ?? "").split(",").map((s) => s.trim());
  const names = raw.filter((s) => s !== "");
  if (names.length === 0)
    throw new S3Fault(
      "InvalidArgument",
      "The x-amz-object-attributes header specifying the attributes to be retrieved is either missing or empty",
    );
  for (const n of names)
    if (!(ATTRIBUTES as readonly string[]).includes(n))
      throw new S3Fault("InvalidArgument", "Invalid attribute name specified.");
  return new Set(names as Attribute[]);
}

/** Stored (sealed) length: what the attributes-sealed-size fault reports. */
const storedSize = (o: ObjectRecord) => o.segments.reduce((n, s) => n + s.stored, 0);

function objectParts(rc: RequestContext, obj: ObjectRecord): Node {
  const max = parseLimit(rc.headers.get("x-amz-max-parts"), "max-parts", 1000, 1000);
  const marker = parseLimit(rc.headers.get("x-amz-part-number-marker"), "part-number-marker", 0, 10000);
  if (!obj.checksumAlgorithm) return ["ObjectParts", ["PartsCount", obj.segments.length]];
  const after = obj.segments.filter((s) => s.partNumber > marker);
  const page = after.slice(0, max);
  const truncated = after.length > page.length;
  return [
    "ObjectParts",
    ["PartsCount", obj.segments.length],
    ["PartNumberMarker", marker],
    truncated && ["NextPartNumberMarker", page.at(-1)?.partNumber ?? marker],
    ["MaxParts", max],
    ["IsTruncated", String(truncated)],
    page.map((s): Node => ["Part", ["PartNumber", s.partNumber], ["Size", s.size]]),
  ];
}

export async function getObjectAttributes(rc: RequestContext): Promise<ServerResponse> {
  const { faults } = rc.server;
  if (faults.has("attributes-not-implemented"))
    throw new S3Fault(
      "NotImplemented",
      "A header or query you provided implies functionality that is not implemented.",
    );
  const bucket = await requireBucket(rc);
  const wanted = requestedAttributes(rc);
  const { obj, keyCheck } = await readVersion(rc, bucket, keyOf(rc));
  if (readSseHeader(rc.headers)) throw notApplicableFault(); // evidence read.sse-header-refused
  const key = readKey(rc);
  let dataKeys: (Buffer | undefined)[] | undefined;
  if (obj.ssec) {
    // pgsty/silo#84: a metadata path that checks the headers are there, or not even that, and never unseals.
    if (!key) {
      if (!faults.has("attributes-without-key-accepted")) throw missingKeyFault(rc);
    } else if (!faults.has("attributes-wrong-key-accepted")) {
      try {
        if (keyCheck !== obj) unlockObject(rc.server, keyCheck, key);
        dataKeys = keyCheck === obj ? unlockObject(rc.server, obj, key) : undefined;
      } catch (e) {
        throw mapWrongKey(rc, e);
      }
    }
  } else if (key) {
    throw notApplicableFault(); // evidence read.ssec-on-plain-object
  }
  const sealedChecksum = obj.ssec && (!dataKeys || faults.has("attributes-checksum-missing"));
  const checksum = wanted.has("Checksum") && !sealedChecksum ? objectChecksum(obj, dataKeys) : undefined;
  const size = obj.ssec && faults.has("attributes-sealed-size") ? storedSize(obj) : obj.size;
  return xmlResponse(
    200,
    [
      "GetObjectAttributesResponse",
      wanted.has("ETag") && ["ETag", obj.etag],
      checksum && [
        "Checksum",
        [`Checksum${checksum.algorithm.toUpperCase()}`, checksum.value],
        ["ChecksumType", checksum.type],
      ],
      wanted.has("ObjectParts") && obj.multipart && objectParts(rc, obj),
      wanted.has("StorageClass") && ["StorageClass", "STANDARD"],
      wanted.has("ObjectSize") && ["ObjectSize", size],
    ],
    [["Last-Modified", new Date(obj.lastModified).toUTCString()], ...versionHeaders(bucket, obj)],
  );
}
