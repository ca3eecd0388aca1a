/**
 * Range requests on GET (RFC 9110 §14): one range, `bytes=a-b`, open-ended `bytes=a-`, suffix
 * `bytes=-n`. A syntactically invalid or multi-range header is ignored (the whole object is
 * sent), an unsatisfiable one is 416 InvalidRange. And the stricter x-amz-copy-source-range of
 * Upload Part - Copy (`bytes=first-last` only).
 */
import { S3Fault } from "./errors.ts";

export interface ByteRange {
  start: number;
  /** Inclusive. */
  end: number;
}

function unsatisfiable(size: number, header: string): S3Fault {
  return new S3Fault("InvalidRange", "The requested range is not satisfiable", {
    RangeRequested: header,
    ActualObjectSize: String(size),
  });
}

export function parseRange(header: string | undefined, size: number): ByteRange | undefined {
  if (header === undefined) return undefined;
  const m = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (!m || (m[1] === "" && m[2] === "")) return undefined;
  if (m[1] === "") {
    const n = Number(m[2]);
    if (n === 0 || size === 0) throw unsatisfiable(size, header);
    return { start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(m[1]);
  const last = m[2] === "" ? Infinity : Number(m[2]);
  if (last < start) return undefined;
  if (start >= size) throw unsatisfiable(size, header);
  return { start, end: Math.min(last, size - 1) };
}

export function parseCopySourceRange(header: string, size: number): ByteRange {
  const m = /^bytes=(\d+)-(\d+)$/.exec(header.trim());
  if (!m || Number(m[2]) < Number(m[1])) {
    throw new S3Fault(
      "InvalidArgument",
      "The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy",
      { ArgumentName: "x-amz-copy-source-range", ArgumentValue: header },
    );
  }
  const start = Number(m[1]);
  const end = Number(m[2]);
  if (end >= size) {
    throw new S3Fault("InvalidArgument", `Range specified is not valid for source object of size: ${size}`, {
      ArgumentName: "x-amz-copy-source-range",
      ArgumentValue: header,
    });
  }
  return { start, end };
}
