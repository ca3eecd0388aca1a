import { describe, expect, it } from "vitest";
import { S3Fault } from "./errors.ts";
import { RequestHeaders } from "./request.ts";
import { Query, resolveAddress, resolveOperation } from "./router.ts";

const op = (method: string, path: string, query = "", headers: [string, string][] = [], host = "127.0.0.1:9") =>
  resolveOperation(method, resolveAddress(path, host), new Query(query), new RequestHeaders(headers));

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof S3Fault) return e.code;
    throw e;
  }
  return "ok";
}

describe("resolveAddress", () => {
  it("reads path-style bucket and key, percent-decoded", () => {
    expect(resolveAddress("/bkt/a%20b/c%2Fd", "127.0.0.1:1")).toEqual({ bucket: "bkt", key: "a b/c/d", style: "path" });
    expect(resolveAddress("/bkt/", "localhost:1")).toEqual({ bucket: "bkt", key: undefined, style: "path" });
    expect(resolveAddress("/", "localhost")).toEqual({ style: "path" });
  });

  it("reads virtual-hosted bucket names from <bucket>.localhost", () => {
    expect(resolveAddress("/k/x", "my.bucket.localhost:4443")).toEqual({
      bucket: "my.bucket",
      key: "k/x",
      style: "virtual",
    });
    expect(resolveAddress("/", "bkt.localhost")).toEqual({ bucket: "bkt", key: undefined, style: "virtual" });
  });

  it("keeps '..' inside the key (it is a name, never a path)", () => {
    expect(resolveAddress("/bkt/../../etc/passwd", "localhost").key).toBe("../../etc/passwd");
  });

  it("refuses malformed percent-encoding with InvalidURI", () => {
    expect(code(() => resolveAddress("/bkt/%E0%A4%A", "localhost"))).toBe("InvalidURI");
  });
});

describe("resolveOperation", () => {
  it.each([
    ["GET", "/", "", [], "ListBuckets"],
    ["PUT", "/bkt", "", [], "CreateBucket"],
    ["GET", "/bkt", "list-type=2&prefix=a", [], "ListObjectsV2"],
    ["GET", "/bkt", "", [], "ListObjects"],
    ["PUT", "/bkt", "encryption", [], "PutBucketEncryption"],
    ["POST", "/bkt", "delete", [], "DeleteObjects"],
    ["POST", "/bkt", "", [["Content-Type", "multipart/form-data; boundary=x"]], "PostObject"],
    ["PUT", "/bkt/k", "x-id=PutObject", [], "PutObject"],
    ["PUT", "/bkt/k", "", [["x-amz-copy-source", "/a/b"]], "CopyObject"],
    ["PUT", "/bkt/k", "partNumber=1&uploadId=u", [], "UploadPart"],
    ["PUT", "/bkt/k", "partNumber=1&uploadId=u", [["x-amz-copy-source", "/a/b"]], "UploadPartCopy"],
    ["POST", "/bkt/k", "uploads", [], "CreateMultipartUpload"],
    ["POST", "/bkt/k", "uploadId=u", [], "CompleteMultipartUpload"],
    ["DELETE", "/bkt/k", "uploadId=u", [], "AbortMultipartUpload"],
    ["GET", "/bkt/k", "uploadId=u", [], "ListParts"],
    ["GET", "/bkt/k", "partNumber=2", [], "GetObject"],
    ["GET", "/bkt/k", "versionId=null", [], "GetObject"],
    ["GET", "/bkt/k", "attributes", [], "GetObjectAttributes"],
    ["PUT", "/bkt", "versioning", [], "PutBucketVersioning"],
    ["GET", "/bkt", "versioning", [], "GetBucketVersioning"],
    ["GET", "/bkt", "versions&prefix=a", [], "ListObjectVersions"],
    ["GET", "/bkt/k", "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=ab", [], "GetObject"],
  ] as const)("%s %s?%s → %s", (method, path, query, headers, expected) => {
    expect(
      op(
        method,
        path,
        query,
        headers.map(([k, v]) => [k, v] as [string, string]),
      ),
    ).toBe(expected);
  });

  it.each([
    ["GET", "/bkt/k", "acl"],
    ["PUT", "/bkt/k", "tagging"],
    ["GET", "/bkt", "replication"],
    ["PUT", "/bkt", "lifecycle"],
    ["GET", "/bkt/k", "retention"],
    ["POST", "/bkt/k", "restore"],
    ["GET", "/bkt/k", "x-amz-server-side-encryption-customer-key=abc"],
  ])("answers %s %s?%s with 501 NotImplemented, never a silent 200", (method, path, query) => {
    expect(code(() => op(method, path, query))).toBe("NotImplemented");
  });

  it("answers unsupported methods with MethodNotAllowed", () => {
    expect(code(() => op("PATCH", "/bkt/k"))).toBe("MethodNotAllowed");
    expect(code(() => op("POST", "/bkt"))).toBe("MethodNotAllowed");
  });
});
