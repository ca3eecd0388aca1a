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
  "ListVersionsResult.Version",
  "ListVersionsResult.DeleteMarker",
  "ListVersionsResult.CommonPrefixes",
  "GetObjectAttributesResponse.ObjectParts.Part",
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

/** An element of a parsed document, read by its children's names; a missing child is reported under its name. */
export class XmlElement {
  constructor(
    private readonly node: Node,
    readonly name: string,
  ) {}

  text(child: string): string {
    const v = this.optText(child);
    if (v === undefined) throw new XmlShapeError(`<${this.name}> has no <${child}>`);
    return v;
  }

  optText(child: string): string | undefined {
    const v = this.node[child];
    return v === undefined || v === null || typeof v === "object" ? undefined : String(v);
  }

  num(child: string): number {
    const t = this.text(child);
    const n = Number(t);
    if (!Number.isFinite(n)) throw new XmlShapeError(`<${this.name}><${child}> is not a number: ${t}`);
    return n;
  }

  bool(child: string): boolean {
    return this.optText(child) === "true";
  }

  /** The child element, empty when absent. */
  child(child: string): XmlElement {
    return new XmlElement(asNode(this.node[child]), child);
  }

  /** Every `child` element, in order (the repeated ones are listed in REPEATED). */
  all(child: string): XmlElement[] {
    const v = this.node[child];
    return Array.isArray(v) ? (v as unknown[]).map((x) => new XmlElement(asNode(x), child)) : [];
  }

  /** The text of every `child` element, in order. */
  texts(child: string): string[] {
    const v = this.node[child];
    return Array.isArray(v) ? v.map(String) : [];
  }
}

function asNode(v: unknown): Node {
  return typeof v === "object" && v !== null ? (v as Node) : {};
}

/** The `root` element of an XML body (xml-versions.ts parses its documents with it). */
export function parseRoot(body: Buffer | string, root: string): XmlElement {
  const text = typeof body === "string" ? body : body.toString("utf8");
  const invalid = text.trim() === "" ? "empty body" : validate(text);
  if (invalid) throw new XmlShapeError(`expected <${root}>, but the body is not XML (${invalid})`);
  const doc = parser.parse(text) as Node;
  const node = doc[root];
  if (node === undefined) {
    const found = Object.keys(doc).join(", ") || "nothing";
    throw new XmlShapeError(`expected <${root}>, found ${found}`);
  }
  return new XmlElement(asNode(node), root);
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
  const r = parseRoot(body, "InitiateMultipartUploadResult");
  return { bucket: r.text("Bucket"), key: r.text("Key"), uploadId: r.text("UploadId") };
}

export interface CompleteMultipartUploadResult {
  location?: string;
  bucket: string;
  key: string;
  etag: string;
}

export function parseCompleteMultipartUpload(body: Buffer | string): CompleteMultipartUploadResult {
  const r = parseRoot(body, "CompleteMultipartUploadResult");
  return { location: r.optText("Location"), bucket: r.text("Bucket"), key: r.text("Key"), etag: r.text("ETag") };
}

/** CopyObjectResult and CopyPartResult have the same shape. */
export interface CopyResult {
  etag: string;
  lastModified?: string;
}

function parseCopyResult(body: Buffer | string, root: "CopyObjectResult" | "CopyPartResult"): CopyResult {
  const r = parseRoot(body, root);
  return { etag: r.text("ETag"), lastModified: r.optText("LastModified") };
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
  const r = parseRoot(body, "ListPartsResult");
  return {
    bucket: r.text("Bucket"),
    key: r.text("Key"),
    uploadId: r.text("UploadId"),
    isTruncated: r.bool("IsTruncated"),
    nextPartNumberMarker: r.optText("NextPartNumberMarker"),
    parts: r.all("Part").map((p) => ({
      partNumber: p.num("PartNumber"),
      etag: p.text("ETag"),
      size: p.num("Size"),
      lastModified: p.optText("LastModified"),
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
  const r = parseRoot(body, "ListBucketResult");
  const keyCount = r.optText("KeyCount");
  return {
    name: r.text("Name"),
    prefix: r.optText("Prefix"),
    keyCount: keyCount === undefined ? undefined : Number(keyCount),
    isTruncated: r.bool("IsTruncated"),
    nextContinuationToken: r.optText("NextContinuationToken"),
    contents: r.all("Contents").map((c) => ({
      key: c.text("Key"),
      etag: c.optText("ETag"),
      size: c.num("Size"),
      lastModified: c.optText("LastModified"),
      storageClass: c.optText("StorageClass"),
    })),
    commonPrefixes: r.all("CommonPrefixes").map((c) => c.text("Prefix")),
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
  const r = parseRoot(body, "ListMultipartUploadsResult");
  return {
    bucket: r.text("Bucket"),
    isTruncated: r.bool("IsTruncated"),
    nextKeyMarker: r.optText("NextKeyMarker"),
    nextUploadIdMarker: r.optText("NextUploadIdMarker"),
    uploads: r
      .all("Upload")
      .map((u) => ({ key: u.text("Key"), uploadId: u.text("UploadId"), initiated: u.optText("Initiated") })),
  };
}

export interface ListedBucket {
  name: string;
  creationDate?: string;
}

export function parseListAllMyBuckets(body: Buffer | string): ListedBucket[] {
  const buckets = parseRoot(body, "ListAllMyBucketsResult").child("Buckets").all("Bucket");
  return buckets.map((b) => ({ name: b.text("Name"), creationDate: b.optText("CreationDate") }));
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
  return parseRoot(body, "ServerSideEncryptionConfiguration")
    .all("Rule")
    .map((r) => {
      const def = r.child("ApplyServerSideEncryptionByDefault");
      return {
        sseAlgorithm: def.optText("SSEAlgorithm"),
        kmsMasterKeyId: def.optText("KMSMasterKeyID"),
        bucketKeyEnabled: r.optText("BucketKeyEnabled") === undefined ? undefined : r.bool("BucketKeyEnabled"),
        blockedEncryptionTypes: r.child("BlockedEncryptionTypes").texts("EncryptionType"),
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
