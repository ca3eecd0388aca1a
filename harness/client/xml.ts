/**
 * S3 XML bodies: the `<Error>` document, the results the suites read, and the request bodies they
 * send. Parsers return plain typed values; a body of the wrong shape throws `XmlShapeError`
 * naming what was missing (a server answering 200 with a malformed result is a finding).
 * Element names follow the S3 API reference (2006-03-01).
 */
import { XMLBuilder, XMLParser, XMLValidator } from "fast-xml-parser";
import type { S3Error } from "./types.ts";

export class XmlShapeError extends Error {
  override name = "XmlShapeError";
}

// Elements that repeat inside the documents we parse (by path); always arrays, even when there is one.
const REPEATED = new Set([
  "ListPartsResult.Part",
  "ListBucketResult.Contents",
  "ListBucketResult.CommonPrefixes",
  "ListMultipartUploadsResult.Upload",
  "ListAllMyBucketsResult.Buckets.Bucket",
  "ServerSideEncryptionConfiguration.Rule",
  "ServerSideEncryptionConfiguration.Rule.BlockedEncryptionTypes.EncryptionType",
]);

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false, // ETags, sizes, ids stay text; we convert explicitly
  trimValues: true,
  ignoreDeclaration: true,
  processEntities: true,
  isArray: (_name, path) => REPEATED.has(String(path)),
});

/** Well-formed XML or an error message (fast-xml-parser's parser alone is lenient). */
function validate(text: string): string | undefined {
  const r = XMLValidator.validate(text);
  return r === true ? undefined : r.err.msg;
}

type Node = Record<string, unknown>;

function parseRoot(body: Buffer | string, root: string): Node {
  const text = typeof body === "string" ? body : body.toString("utf8");
  const invalid = text.trim() === "" ? "empty body" : validate(text);
  if (invalid) throw new XmlShapeError(`expected <${root}>, but the body is not XML (${invalid})`);
  const doc = parser.parse(text) as Node;
  const node = doc[root];
  if (node === undefined) {
    const found = Object.keys(doc).join(", ") || "nothing";
    throw new XmlShapeError(`expected <${root}>, found ${found}`);
  }
  return typeof node === "object" && node !== null ? (node as Node) : {};
}

function text(node: Node, name: string, where: string): string {
  const v = node[name];
  if (v === undefined || v === null || typeof v === "object") throw new XmlShapeError(`<${where}> has no <${name}>`);
  return String(v);
}

function optText(node: Node, name: string): string | undefined {
  const v = node[name];
  return v === undefined || v === null || typeof v === "object" ? undefined : String(v);
}

function num(node: Node, name: string, where: string): number {
  const t = text(node, name, where);
  const n = Number(t);
  if (!Number.isFinite(n)) throw new XmlShapeError(`<${where}><${name}> is not a number: ${t}`);
  return n;
}

function list(node: Node, name: string): Node[] {
  const v = node[name];
  return Array.isArray(v) ? (v as unknown[]).map((x) => (typeof x === "object" && x !== null ? (x as Node) : {})) : [];
}

function bool(node: Node, name: string): boolean {
  return optText(node, name) === "true";
}

// ---------------------------------------------------------------------------------------------
// <Error>

/**
 * The S3 `<Error>` document, or undefined when the body is not one (empty, HTML from a proxy,
 * another XML root). Code and Message apart, every child element lands in `fields` as text
 * (ArgumentName, ArgumentValue, RequestId, Resource, …).
 */
export function parseS3Error(body: Buffer | string): S3Error | undefined {
  const raw = typeof body === "string" ? body : body.toString("utf8");
  if (!/^\s*(<\?xml[^>]*>\s*)?<Error[\s>]/.test(raw) || validate(raw)) return undefined;
  const doc = parser.parse(raw) as Node;
  const node = doc["Error"];
  if (typeof node !== "object" || node === null) return undefined;
  const fields: Record<string, string> = {};
  let code: string | undefined;
  let message: string | undefined;
  for (const [name, value] of Object.entries(node as Node)) {
    const t = typeof value === "object" && value !== null ? JSON.stringify(value) : String(value ?? "");
    if (name === "Code") code = t;
    else if (name === "Message") message = t;
    else fields[name] = t;
  }
  if (!code) return undefined;
  return { code, message, fields };
}

// ---------------------------------------------------------------------------------------------
// Results

export interface InitiateMultipartUploadResult {
  bucket: string;
  key: string;
  uploadId: string;
}

export function parseInitiateMultipartUpload(body: Buffer | string): InitiateMultipartUploadResult {
  const n = parseRoot(body, "InitiateMultipartUploadResult");
  const w = "InitiateMultipartUploadResult";
  return { bucket: text(n, "Bucket", w), key: text(n, "Key", w), uploadId: text(n, "UploadId", w) };
}

export interface CompleteMultipartUploadResult {
  location?: string;
  bucket: string;
  key: string;
  etag: string;
}

export function parseCompleteMultipartUpload(body: Buffer | string): CompleteMultipartUploadResult {
  const n = parseRoot(body, "CompleteMultipartUploadResult");
  const w = "CompleteMultipartUploadResult";
  return {
    location: optText(n, "Location"),
    bucket: text(n, "Bucket", w),
    key: text(n, "Key", w),
    etag: text(n, "ETag", w),
  };
}

/** CopyObjectResult and CopyPartResult have the same shape. */
export interface CopyResult {
  etag: string;
  lastModified?: string;
}

function parseCopyResult(body: Buffer | string, root: "CopyObjectResult" | "CopyPartResult"): CopyResult {
  const n = parseRoot(body, root);
  return { etag: text(n, "ETag", root), lastModified: optText(n, "LastModified") };
}

export function parseCopyObjectResult(body: Buffer | string): CopyResult {
  return parseCopyResult(body, "CopyObjectResult");
}

export function parseCopyPartResult(body: Buffer | string): CopyResult {
  return parseCopyResult(body, "CopyPartResult");
}

export interface ListedPart {
  partNumber: number;
  etag: string;
  size: number;
  lastModified?: string;
}

export interface ListPartsResult {
  bucket: string;
  key: string;
  uploadId: string;
  isTruncated: boolean;
  nextPartNumberMarker?: string;
  parts: ListedPart[];
}

export function parseListParts(body: Buffer | string): ListPartsResult {
  const w = "ListPartsResult";
  const n = parseRoot(body, w);
  return {
    bucket: text(n, "Bucket", w),
    key: text(n, "Key", w),
    uploadId: text(n, "UploadId", w),
    isTruncated: bool(n, "IsTruncated"),
    nextPartNumberMarker: optText(n, "NextPartNumberMarker"),
    parts: list(n, "Part").map((p) => ({
      partNumber: num(p, "PartNumber", "Part"),
      etag: text(p, "ETag", "Part"),
      size: num(p, "Size", "Part"),
      lastModified: optText(p, "LastModified"),
    })),
  };
}

export interface ListedObject {
  key: string;
  etag?: string;
  size: number;
  lastModified?: string;
  storageClass?: string;
}

/** ListObjectsV2 (`list-type=2`). */
export interface ListBucketResult {
  name: string;
  prefix?: string;
  keyCount?: number;
  isTruncated: boolean;
  nextContinuationToken?: string;
  contents: ListedObject[];
  commonPrefixes: string[];
}

export function parseListBucket(body: Buffer | string): ListBucketResult {
  const w = "ListBucketResult";
  const n = parseRoot(body, w);
  const keyCount = optText(n, "KeyCount");
  return {
    name: text(n, "Name", w),
    prefix: optText(n, "Prefix"),
    keyCount: keyCount === undefined ? undefined : Number(keyCount),
    isTruncated: bool(n, "IsTruncated"),
    nextContinuationToken: optText(n, "NextContinuationToken"),
    contents: list(n, "Contents").map((c) => ({
      key: text(c, "Key", "Contents"),
      etag: optText(c, "ETag"),
      size: num(c, "Size", "Contents"),
      lastModified: optText(c, "LastModified"),
      storageClass: optText(c, "StorageClass"),
    })),
    commonPrefixes: list(n, "CommonPrefixes").map((c) => text(c, "Prefix", "CommonPrefixes")),
  };
}

export interface ListedUpload {
  key: string;
  uploadId: string;
  initiated?: string;
}

export interface ListMultipartUploadsResult {
  bucket: string;
  isTruncated: boolean;
  nextKeyMarker?: string;
  nextUploadIdMarker?: string;
  uploads: ListedUpload[];
}

export function parseListMultipartUploads(body: Buffer | string): ListMultipartUploadsResult {
  const w = "ListMultipartUploadsResult";
  const n = parseRoot(body, w);
  return {
    bucket: text(n, "Bucket", w),
    isTruncated: bool(n, "IsTruncated"),
    nextKeyMarker: optText(n, "NextKeyMarker"),
    nextUploadIdMarker: optText(n, "NextUploadIdMarker"),
    uploads: list(n, "Upload").map((u) => ({
      key: text(u, "Key", "Upload"),
      uploadId: text(u, "UploadId", "Upload"),
      initiated: optText(u, "Initiated"),
    })),
  };
}

export interface ListedBucket {
  name: string;
  creationDate?: string;
}

export function parseListAllMyBuckets(body: Buffer | string): ListedBucket[] {
  const n = parseRoot(body, "ListAllMyBucketsResult");
  const buckets = n["Buckets"];
  const holder = typeof buckets === "object" && buckets !== null ? (buckets as Node) : {};
  return list(holder, "Bucket").map((b) => ({
    name: text(b, "Name", "Bucket"),
    creationDate: optText(b, "CreationDate"),
  }));
}

export interface EncryptionRule {
  sseAlgorithm?: string;
  kmsMasterKeyId?: string;
  bucketKeyEnabled?: boolean;
  /** `BlockedEncryptionTypes/EncryptionType` values (`SSE-C`, `NONE`); empty when absent. */
  blockedEncryptionTypes: string[];
}

/** GetBucketEncryption's `<ServerSideEncryptionConfiguration>`. */
export function parseServerSideEncryptionConfiguration(body: Buffer | string): EncryptionRule[] {
  const n = parseRoot(body, "ServerSideEncryptionConfiguration");
  return list(n, "Rule").map((r) => {
    const def =
      typeof r["ApplyServerSideEncryptionByDefault"] === "object"
        ? (r["ApplyServerSideEncryptionByDefault"] as Node)
        : {};
    const blocked = typeof r["BlockedEncryptionTypes"] === "object" ? (r["BlockedEncryptionTypes"] as Node) : {};
    const types = blocked["EncryptionType"];
    return {
      sseAlgorithm: optText(def, "SSEAlgorithm"),
      kmsMasterKeyId: optText(def, "KMSMasterKeyID"),
      bucketKeyEnabled: optText(r, "BucketKeyEnabled") === undefined ? undefined : bool(r, "BucketKeyEnabled"),
      blockedEncryptionTypes: Array.isArray(types) ? types.map(String) : [],
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Request bodies

const S3_NS = "http://s3.amazonaws.com/doc/2006-03-01/";
const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: "@", suppressEmptyNode: false });

function document(root: string, content: Node): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build({ [root]: { "@xmlns": S3_NS, ...content } }) as string}`;
}

export interface CompletedPart {
  partNumber: number;
  etag: string;
  /** Optional `ChecksumCRC32` etc., keyed by element name. */
  checksums?: Record<string, string>;
}

/** CompleteMultipartUpload body; parts in the order given (a test may send them unsorted). */
export function completeMultipartUploadXml(parts: CompletedPart[]): string {
  return document("CompleteMultipartUpload", {
    Part: parts.map((p) => ({ PartNumber: String(p.partNumber), ETag: p.etag, ...(p.checksums ?? {}) })),
  });
}

/** CreateBucket body; undefined for us-east-1, where S3 wants no LocationConstraint. */
export function createBucketConfigurationXml(region: string): string | undefined {
  if (region === "us-east-1") return undefined;
  return document("CreateBucketConfiguration", { LocationConstraint: region });
}

export interface EncryptionRuleInput {
  /** `AES256`, `aws:kms`; omitted → no ApplyServerSideEncryptionByDefault element. */
  sseAlgorithm?: string;
  kmsMasterKeyId?: string;
  bucketKeyEnabled?: boolean;
  /** e.g. `["NONE"]` to unblock SSE-C, `["SSE-C"]` to block it (AWS API_BlockedEncryptionTypes). */
  blockedEncryptionTypes?: string[];
}

/** PutBucketEncryption body (S3 requires Content-MD5 or an x-amz-checksum header with it). */
export function serverSideEncryptionConfigurationXml(rules: EncryptionRuleInput[]): string {
  return document("ServerSideEncryptionConfiguration", {
    Rule: rules.map((r) => {
      const rule: Node = {};
      if (r.sseAlgorithm !== undefined) {
        rule["ApplyServerSideEncryptionByDefault"] = {
          SSEAlgorithm: r.sseAlgorithm,
          ...(r.kmsMasterKeyId !== undefined ? { KMSMasterKeyID: r.kmsMasterKeyId } : {}),
        };
      }
      if (r.bucketKeyEnabled !== undefined) rule["BucketKeyEnabled"] = String(r.bucketKeyEnabled);
      if (r.blockedEncryptionTypes !== undefined)
        rule["BlockedEncryptionTypes"] = { EncryptionType: r.blockedEncryptionTypes };
      return rule;
    }),
  });
}

/**
 * The body that allows SSE-C on a bucket where AWS blocks it by default (since April 2026):
 * BlockedEncryptionTypes = NONE next to the default SSE-S3 rule (evidence http.ssec-refused, AWS
 * "Blocking or unblocking SSE-C for a general purpose bucket").
 */
export function unblockSseCXml(): string {
  return serverSideEncryptionConfigurationXml([{ sseAlgorithm: "AES256", blockedEncryptionTypes: ["NONE"] }]);
}
