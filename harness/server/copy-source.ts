/** The x-amz-copy-source header of Copy and Upload Part - Copy: `[/]bucket/key[?versionId=…]`, URL-encoded. */
import { S3Fault } from "./errors.ts";

export interface CopySource {
  bucket: string;
  key: string;
  /** `?versionId=` of the source ("null": the null version); absent: the current version. */
  versionId?: string;
}

export function parseCopySource(header: string): CopySource {
  let v = header;
  let versionId: string | undefined;
  const q = v.indexOf("?");
  if (q >= 0) {
    versionId = new URLSearchParams(v.slice(q + 1)).get("versionId") ?? undefined;
    v = v.slice(0, q);
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(v);
  } catch {
    throw new S3Fault("InvalidArgument", "Invalid copy source encoding.", { ArgumentName: "x-amz-copy-source" });
  }
  if (decoded.startsWith("/")) decoded = decoded.slice(1);
  const slash = decoded.indexOf("/");
  if (slash <= 0 || slash === decoded.length - 1) {
    throw new S3Fault("InvalidArgument", "Copy Source must mention the source bucket and key: sourcebucket/sourcekey", {
      ArgumentName: "x-amz-copy-source",
      ArgumentValue: header,
    });
  }
  return {
    bucket: decoded.slice(0, slash),
    key: decoded.slice(slash + 1),
    ...(versionId !== undefined && { versionId }),
  };
}
