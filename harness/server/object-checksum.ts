/** The stored checksum of a whole object, as GET, HEAD and GetObjectAttributes return it. */
import type { ChecksumAlgorithm } from "./auth/checksum-algorithms.ts";
import { segmentBinding } from "./object-bytes.ts";
import { compositeChecksum, openChecksum } from "./stored-checksums.ts";
import type { ObjectRecord } from "./storage/types.ts";

/**
 * The checksum GET/HEAD return with x-amz-checksum-mode: ENABLED (stored-checksums.ts): segment 1's for
 * a single-part object (FULL_OBJECT), the checksum of the parts' checksums for a multipart
 * object whose upload declared an algorithm (COMPOSITE). Sealed SSE-C checksums open only with
 * the data keys unlockObject gave; undefined when there is none or it cannot be opened.
 */
export function objectChecksum(
  obj: ObjectRecord,
  dataKeys: (Buffer | undefined)[] | undefined,
): { algorithm: ChecksumAlgorithm; value: string; type: "FULL_OBJECT" | "COMPOSITE" } | undefined {
  const digestOf = (i: number, algorithm: ChecksumAlgorithm): Buffer | undefined => {
    const seg = obj.segments[i];
    if (seg.checksum?.algorithm !== algorithm) return undefined;
    return openChecksum(seg.checksum, { dataKey: dataKeys?.[i], binding: segmentBinding(obj, seg) });
  };
  if (!obj.multipart) {
    const algorithm = obj.segments[0]?.checksum?.algorithm;
    const digest = algorithm && digestOf(0, algorithm);
    return algorithm && digest ? { algorithm, value: digest.toString("base64"), type: "FULL_OBJECT" } : undefined;
  }
  const algorithm = obj.checksumAlgorithm;
  if (!algorithm) return undefined;
  const digests: Buffer[] = [];
  for (let i = 0; i < obj.segments.length; i++) {
    const d = digestOf(i, algorithm);
    if (!d) return undefined;
    digests.push(d);
  }
  return { algorithm, value: compositeChecksum(algorithm, digests), type: "COMPOSITE" };
}
