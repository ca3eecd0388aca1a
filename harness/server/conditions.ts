/**
 * Conditional requests (RFC 9110 §13.2.2 evaluation order, as S3 applies them to GET/HEAD,
 * and with the x-amz-copy-source- prefix to copies): If-Match → If-Unmodified-Since →
 * If-None-Match → If-Modified-Since. S3 answers 412 PreconditionFailed, or 304 for reads.
 */
import { S3Fault } from "./errors.ts";
import type { RequestHeaders } from "./request.ts";

interface Validators {
  etag: string;
  lastModified: number;
}

function etagList(v: string): string[] {
  return v.split(",").map((s) =>
    s
      .trim()
      .replace(/^W\//, "")
      .replace(/^"(.*)"$/, "$1"),
  );
}

function matches(header: string, etag: string): boolean {
  const list = etagList(header);
  return list.includes("*") || list.includes(etag);
}

/** Seconds precision, as Last-Modified is sent. */
const seconds = (ms: number) => Math.floor(ms / 1000);
function parseDate(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : t;
}

const failed = () =>
  new S3Fault("PreconditionFailed", "At least one of the pre-conditions you specified did not hold", {
    Condition: "If-Match",
  });
const notModified = () => new S3Fault("NotModified", "Not Modified");

/** `prefix` "" for GET/HEAD, "x-amz-copy-source-" for a copy source (every failure is then 412). */
export function checkPreconditions(h: RequestHeaders, v: Validators, prefix = ""): void {
  const read = prefix === "";
  const ifMatch = h.get(`${prefix}if-match`);
  const ifUnmodified = parseDate(h.get(`${prefix}if-unmodified-since`));
  const ifNoneMatch = h.get(`${prefix}if-none-match`);
  const ifModified = parseDate(h.get(`${prefix}if-modified-since`));

  if (ifMatch !== undefined) {
    if (!matches(ifMatch, v.etag)) throw failed();
  } else if (ifUnmodified !== undefined && seconds(v.lastModified) > seconds(ifUnmodified)) {
    throw failed();
  }
  if (ifNoneMatch !== undefined) {
    if (matches(ifNoneMatch, v.etag)) throw read ? notModified() : failed();
  } else if (ifModified !== undefined && seconds(v.lastModified) <= seconds(ifModified)) {
    throw read ? notModified() : failed();
  }
}

/** Conditional writes (PUT, Complete): If-None-Match: * and If-Match on the current object. */
export function checkWriteConditions(h: RequestHeaders, current: Validators | undefined): void {
  const ifNoneMatch = h.get("if-none-match");
  const ifMatch = h.get("if-match");
  if (ifNoneMatch !== undefined) {
    if (ifNoneMatch.trim() !== "*") throw new S3Fault("NotImplemented", "If-None-Match on writes supports only '*'.");
    if (current) throw failed();
  }
  if (ifMatch !== undefined) {
    if (!current) throw new S3Fault("NoSuchKey", "The specified key does not exist.");
    if (!matches(ifMatch, current.etag)) throw failed();
  }
}
