/**
 * Routing: which bucket and key a request addresses (path-style `/bucket/key` or
 * virtual-hosted `bucket.localhost:port/key`) and which S3 operation it is. Every query
 * parameter must belong to the chosen operation: an unknown subresource (?acl, ?versioning,
 * ?tagging, …) gets 501 NotImplemented, never a silent 200 for something the server ignored.
 */
import { S3Fault } from "./errors.ts";
import { isSsecName } from "./ssec.ts";
import type { RequestHeaders } from "./request.ts";

export interface Address {
  bucket?: string;
  key?: string;
  style: "path" | "virtual";
}

/** Host suffixes under which `<bucket>.<suffix>` is virtual-hosted addressing. */
export const VIRTUAL_HOST_SUFFIXES = ["localhost"];

function decodeSegment(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new S3Fault("InvalidURI", "Couldn't parse the specified URI.");
  }
}

export function resolveAddress(rawPath: string, host: string | undefined): Address {
  if (!rawPath.startsWith("/")) throw new S3Fault("InvalidURI", "Couldn't parse the specified URI.");
  const hostname = (host ?? "").replace(/:\d+$/, "").toLowerCase();
  const suffix = VIRTUAL_HOST_SUFFIXES.find((s) => hostname.endsWith(`.${s}`));
  if (suffix) {
    const bucket = hostname.slice(0, -(suffix.length + 1));
    const rest = rawPath.slice(1);
    return { bucket, key: rest === "" ? undefined : decodeSegment(rest), style: "virtual" };
  }
  const path = rawPath.slice(1);
  if (path === "") return { style: "path" };
  const slash = path.indexOf("/");
  if (slash < 0) return { bucket: decodeSegment(path), style: "path" };
  const bucket = decodeSegment(path.slice(0, slash));
  const key = path.slice(slash + 1);
  return { bucket, key: key === "" ? undefined : decodeSegment(key), style: "path" };
}

/** Query parameters, decoded; a parameter without '=' has the value "". First value wins. */
export class Query {
  readonly params = new Map<string, string>();

  constructor(rawQuery: string) {
    for (const [k, v] of new URLSearchParams(rawQuery)) {
      if (!this.params.has(k)) this.params.set(k, v);
    }
  }

  get(name: string): string | undefined {
    return this.params.get(name);
  }

  has(name: string): boolean {
    return this.params.has(name);
  }
}

export type OpName =
  | "ListBuckets"
  | "CreateBucket"
  | "DeleteBucket"
  | "HeadBucket"
  | "GetBucketLocation"
  | "ListObjects"
  | "ListObjectsV2"
  | "PutBucketEncryption"
  | "GetBucketEncryption"
  | "DeleteBucketEncryption"
  | "PutBucketPolicy"
  | "GetBucketPolicy"
  | "DeleteBucketPolicy"
  | "ListMultipartUploads"
  | "DeleteObjects"
  | "PostObject"
  | "PutObject"
  | "CopyObject"
  | "GetObject"
  | "HeadObject"
  | "DeleteObject"
  | "CreateMultipartUpload"
  | "UploadPart"
  | "UploadPartCopy"
  | "CompleteMultipartUpload"
  | "AbortMultipartUpload"
  | "ListParts"
  | "PutBucketVersioning"
  | "GetBucketVersioning"
  | "ListObjectVersions"
  | "GetObjectAttributes";

const RESPONSE_OVERRIDES = [
  "response-content-type",
  "response-content-language",
  "response-expires",
  "response-cache-control",
  "response-content-disposition",
  "response-content-encoding",
];

/** Query parameters each operation understands (besides x-id and the presigned X-Amz-* ones). */
const ALLOWED: Record<OpName, string[]> = {
  ListBuckets: [],
  CreateBucket: [],
  DeleteBucket: [],
  HeadBucket: [],
  GetBucketLocation: ["location"],
  ListObjects: ["prefix", "delimiter", "marker", "max-keys", "encoding-type"],
  ListObjectsV2: [
    "list-type",
    "prefix",
    "delimiter",
    "continuation-token",
    "start-after",
    "max-keys",
    "encoding-type",
    "fetch-owner",
  ],
  PutBucketEncryption: ["encryption"],
  GetBucketEncryption: ["encryption"],
  DeleteBucketEncryption: ["encryption"],
  PutBucketPolicy: ["policy"],
  GetBucketPolicy: ["policy"],
  DeleteBucketPolicy: ["policy"],
  ListMultipartUploads: [
    "uploads",
    "prefix",
    "delimiter",
    "key-marker",
    "upload-id-marker",
    "max-uploads",
    "encoding-type",
  ],
  DeleteObjects: ["delete"],
  PostObject: [],
  PutObject: [],
  CopyObject: [],
  GetObject: ["partNumber", "versionId", ...RESPONSE_OVERRIDES],
  HeadObject: ["partNumber", "versionId", ...RESPONSE_OVERRIDES],
  DeleteObject: ["versionId"],
  CreateMultipartUpload: ["uploads"],
  UploadPart: ["partNumber", "uploadId"],
  UploadPartCopy: ["partNumber", "uploadId"],
  CompleteMultipartUpload: ["uploadId"],
  AbortMultipartUpload: ["uploadId"],
  ListParts: ["uploadId", "max-parts", "part-number-marker"],
  PutBucketVersioning: ["versioning"],
  GetBucketVersioning: ["versioning"],
  ListObjectVersions: [
    "versions",
    "prefix",
    "delimiter",
    "key-marker",
    "version-id-marker",
    "max-keys",
    "encoding-type",
  ],
  GetObjectAttributes: ["attributes", "versionId"],
};

function methodNotAllowed(): S3Fault {
  return new S3Fault("MethodNotAllowed", "The specified method is not allowed against this resource.");
}

/** Picks the operation of a request to a bucket or an object, by method; absent methods are not allowed. */
type PickByMethod = (q: Query, headers: RequestHeaders) => OpName;

const BUCKET_OPERATIONS = new Map<string, PickByMethod>([
  [
    "PUT",
    (q) => {
      if (q.has("versioning")) return "PutBucketVersioning";
      if (q.has("encryption")) return "PutBucketEncryption";
      return q.has("policy") ? "PutBucketPolicy" : "CreateBucket";
    },
  ],
  [
    "GET",
    (q) => {
      if (q.has("encryption")) return "GetBucketEncryption";
      if (q.has("versioning")) return "GetBucketVersioning";
      if (q.has("versions")) return "ListObjectVersions";
      if (q.has("policy")) return "GetBucketPolicy";
      if (q.has("uploads")) return "ListMultipartUploads";
      if (q.has("location")) return "GetBucketLocation";
      return q.get("list-type") === "2" ? "ListObjectsV2" : "ListObjects";
    },
  ],
  ["HEAD", () => "HeadBucket"],
  [
    "DELETE",
    (q) => {
      if (q.has("encryption")) return "DeleteBucketEncryption";
      return q.has("policy") ? "DeleteBucketPolicy" : "DeleteBucket";
    },
  ],
  [
    "POST",
    (q, headers) => {
      if (q.has("delete")) return "DeleteObjects";
      if ((headers.get("content-type") ?? "").toLowerCase().startsWith("multipart/form-data")) return "PostObject";
      throw methodNotAllowed();
    },
  ],
]);

// OBS names the copy source x-obs-copy-source (evidence headers.obs-dialect).
const isCopy = (headers: RequestHeaders) => headers.has("x-amz-copy-source") || headers.has("x-obs-copy-source");

const OBJECT_OPERATIONS = new Map<string, PickByMethod>([
  [
    "PUT",
    (q, headers) => {
      if (q.has("partNumber") || q.has("uploadId")) return isCopy(headers) ? "UploadPartCopy" : "UploadPart";
      return isCopy(headers) ? "CopyObject" : "PutObject";
    },
  ],
  [
    "GET",
    (q) => {
      if (q.has("attributes")) return "GetObjectAttributes";
      return q.has("uploadId") ? "ListParts" : "GetObject";
    },
  ],
  ["HEAD", () => "HeadObject"],
  ["DELETE", (q) => (q.has("uploadId") ? "AbortMultipartUpload" : "DeleteObject")],
  [
    "POST",
    (q) => {
      if (q.has("uploads")) return "CreateMultipartUpload";
      if (q.has("uploadId")) return "CompleteMultipartUpload";
      throw methodNotAllowed();
    },
  ],
]);

function pickOperation(method: string, addr: Address, q: Query, headers: RequestHeaders): OpName {
  if (addr.bucket === undefined) {
    if (method === "GET") return "ListBuckets";
    throw methodNotAllowed();
  }
  const pick = (addr.key === undefined ? BUCKET_OPERATIONS : OBJECT_OPERATIONS).get(method);
  if (!pick) throw methodNotAllowed();
  return pick(q, headers);
}

/** Parameters that any request may carry: the SDK's x-id and SigV4 presigning (incl. hoisted x-amz-* headers). */
function isGenericParam(name: string): boolean {
  if (name === "x-id") return true;
  const n = name.toLowerCase();
  // Customer keys in a URL would end up in logs everywhere: not accepted (the SDK presigner never
  // hoists x-amz-server-side-encryption* headers into the query).
  return n.startsWith("x-amz-") && !isSsecName(n);
}

export function resolveOperation(method: string, addr: Address, q: Query, headers: RequestHeaders): OpName {
  let op: OpName;
  try {
    op = pickOperation(method, addr, q, headers);
  } catch (e) {
    // POST /bucket/key?restore, PUT /bucket?website…: an unimplemented subresource, not a bad method.
    const sub = [...q.params.keys()].find((n) => !isGenericParam(n));
    if (sub !== undefined) throw new S3Fault("NotImplemented", `The reference server does not implement '${sub}'.`);
    throw e;
  }
  const allowed = ALLOWED[op];
  for (const name of q.params.keys()) {
    if (!allowed.includes(name) && !isGenericParam(name)) {
      throw new S3Fault("NotImplemented", `The reference server does not implement '${name}' on ${op}.`);
    }
  }
  return op;
}
