/**
 * What the malformed-request arbitraries share: the targets they aim at, the upload-id slot, and
 * small value generators (percent-encoding, raw bytes, non-ASCII and printable header text).
 */
import { createHash } from "node:crypto";
import fc from "fast-check";

export interface FuzzTargets {
  bucket: string;
  /** An SSE-C object in `bucket`. */
  key: string;
  /** The customer key of `key` and of the upload. */
  customerKey: Buffer;
  /** host:port of the endpoint. */
  host: string;
}

/**
 * Stands for the id of the open multipart upload in generated queries; the test substitutes the
 * current one when it sends (an aborted or completed upload is replaced between batches).
 */
export const UPLOAD_ID_SLOT = "UPLOAD-ID-SLOT";

export const b64 = (b: Buffer) => b.toString("base64");
export const md5b64 = (b: Buffer) => createHash("md5").update(b).digest("base64");
export const latin1 = (bytes: number[]) => Buffer.from(bytes).toString("latin1");

/** Percent-encodes every byte of a string's UTF-8 form that is not unreserved. */
export const pct = (s: string) =>
  [...Buffer.from(s, "utf8")]
    .map((b) =>
      /[A-Za-z0-9._~-]/.test(String.fromCharCode(b))
        ? String.fromCharCode(b)
        : `%${b.toString(16).toUpperCase().padStart(2, "0")}`,
    )
    .join("");

export const bytesArb = (max: number) => fc.uint8Array({ maxLength: max }).map((u) => Buffer.from(u));
export const nonAscii = fc.array(fc.integer({ min: 0x80, max: 0xff }), { minLength: 1, maxLength: 40 }).map(latin1);
export const utf8AsLatin1 = fc
  .string({ unit: "grapheme", minLength: 1, maxLength: 12 })
  .map((s) => Buffer.from(s, "utf8").toString("latin1"));
/** Printable ASCII without CR/LF (a header value the HTTP framing survives). */
export const printable = fc.string({
  unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
  maxLength: 60,
});
