import { XMLParser } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import {
  completeMultipartUploadXml,
  createBucketConfigurationXml,
  parseCompleteMultipartUpload,
  parseCopyObjectResult,
  parseCopyPartResult,
  parseInitiateMultipartUpload,
  parseListAllMyBuckets,
  parseListBucket,
  parseListMultipartUploads,
  parseListParts,
  parseS3Error,
  parseServerSideEncryptionConfiguration,
  serverSideEncryptionConfigurationXml,
  unblockSseCXml,
  XmlShapeError,
} from "./xml.ts";

const DECL = '<?xml version="1.0" encoding="UTF-8"?>\n';

describe("S3 <Error> parsing", () => {
  it("reads Code and Message, and keeps the other elements as fields", () => {
    const e = parseS3Error(
      `${DECL}<Error><Code>AccessDenied</Code><Message>Requests specifying Server Side Encryption with Customer provided keys must provide the correct secret key.</Message><RequestId>R1</RequestId><HostId>H1</HostId></Error>`,
    );
    expect(e).toEqual({
      code: "AccessDenied",
      message:
        "Requests specifying Server Side Encryption with Customer provided keys must provide the correct secret key.",
      fields: { RequestId: "R1", HostId: "H1" },
    });
  });

  it("keeps ArgumentName / ArgumentValue (AWS's SSE-C argument errors)", () => {
    const e = parseS3Error(
      Buffer.from(
        `<Error><Code>InvalidArgument</Code><Message>The calculated MD5 hash of the key did not match the hash that was provided.</Message><ArgumentName>x-amz-server-side-encryption</ArgumentName><ArgumentValue>null</ArgumentValue></Error>`,
      ),
    );
    expect(e?.code).toBe("InvalidArgument");
    expect(e?.fields).toEqual({ ArgumentName: "x-amz-server-side-encryption", ArgumentValue: "null" });
  });

  it("decodes entities in text", () => {
    expect(parseS3Error("<Error><Code>X</Code><Message>a &amp; b &lt;c&gt;</Message></Error>")?.message).toBe(
      "a & b <c>",
    );
  });

  it("returns undefined for bodies that are not an S3 error", () => {
    expect(parseS3Error("")).toBeUndefined();
    expect(parseS3Error(Buffer.alloc(0))).toBeUndefined();
    expect(parseS3Error("<html><body>502 Bad Gateway</body></html>")).toBeUndefined();
    expect(parseS3Error("not xml at all")).toBeUndefined();
    expect(parseS3Error(`${DECL}<ListBucketResult><Name>b</Name></ListBucketResult>`)).toBeUndefined();
    expect(parseS3Error("<Error><Message>no code</Message></Error>")).toBeUndefined();
    expect(parseS3Error("<Error><Code>Truncated")).toBeUndefined();
  });
});

describe("S3 result parsing", () => {
  it("parses InitiateMultipartUploadResult and CompleteMultipartUploadResult", () => {
    expect(
      parseInitiateMultipartUpload(
        `${DECL}<InitiateMultipartUploadResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Bucket>b</Bucket><Key>k</Key><UploadId>u-1</UploadId></InitiateMultipartUploadResult>`,
      ),
    ).toEqual({ bucket: "b", key: "k", uploadId: "u-1" });
    expect(
      parseCompleteMultipartUpload(
        `<CompleteMultipartUploadResult><Location>https://x/b/k</Location><Bucket>b</Bucket><Key>k</Key><ETag>&quot;abc-3&quot;</ETag></CompleteMultipartUploadResult>`,
      ),
    ).toEqual({ location: "https://x/b/k", bucket: "b", key: "k", etag: '"abc-3"' });
  });

  it("parses CopyObjectResult and CopyPartResult", () => {
    expect(
      parseCopyObjectResult(
        `<CopyObjectResult><LastModified>2024-01-01T00:00:00.000Z</LastModified><ETag>"e1"</ETag></CopyObjectResult>`,
      ),
    ).toEqual({
      etag: '"e1"',
      lastModified: "2024-01-01T00:00:00.000Z",
    });
    expect(parseCopyPartResult(`<CopyPartResult><ETag>"e2"</ETag></CopyPartResult>`).etag).toBe('"e2"');
  });

  it("parses ListPartsResult with one and with several parts", () => {
    const one = parseListParts(
      `<ListPartsResult><Bucket>b</Bucket><Key>k</Key><UploadId>u</UploadId><IsTruncated>false</IsTruncated><Part><PartNumber>1</PartNumber><ETag>"p1"</ETag><Size>5242880</Size></Part></ListPartsResult>`,
    );
    expect(one.parts).toEqual([{ partNumber: 1, etag: '"p1"', size: 5242880, lastModified: undefined }]);
    const two = parseListParts(
      `<ListPartsResult><Bucket>b</Bucket><Key>k</Key><UploadId>u</UploadId><IsTruncated>true</IsTruncated><NextPartNumberMarker>2</NextPartNumberMarker><Part><PartNumber>1</PartNumber><ETag>a</ETag><Size>1</Size></Part><Part><PartNumber>2</PartNumber><ETag>b</ETag><Size>2</Size></Part></ListPartsResult>`,
    );
    expect(two.isTruncated).toBe(true);
    expect(two.parts.map((p) => p.partNumber)).toEqual([1, 2]);
  });

  it("parses ListBucketResult (V2) with contents and common prefixes", () => {
    const r = parseListBucket(
      `<ListBucketResult><Name>b</Name><Prefix>p/</Prefix><KeyCount>2</KeyCount><IsTruncated>false</IsTruncated><Contents><Key>p/a</Key><ETag>"x"</ETag><Size>3</Size><StorageClass>STANDARD</StorageClass></Contents><CommonPrefixes><Prefix>p/d/</Prefix></CommonPrefixes></ListBucketResult>`,
    );
    expect(r).toMatchObject({ name: "b", prefix: "p/", keyCount: 2, isTruncated: false, commonPrefixes: ["p/d/"] });
    expect(r.contents).toEqual([
      { key: "p/a", etag: '"x"', size: 3, lastModified: undefined, storageClass: "STANDARD" },
    ]);
    expect(
      parseListBucket("<ListBucketResult><Name>b</Name><IsTruncated>false</IsTruncated></ListBucketResult>").contents,
    ).toEqual([]);
  });

  it("parses ListMultipartUploadsResult and ListAllMyBucketsResult", () => {
    const u = parseListMultipartUploads(
      `<ListMultipartUploadsResult><Bucket>b</Bucket><IsTruncated>false</IsTruncated><Upload><Key>k</Key><UploadId>u1</UploadId><Initiated>2024-01-01T00:00:00Z</Initiated></Upload></ListMultipartUploadsResult>`,
    );
    expect(u.uploads).toEqual([{ key: "k", uploadId: "u1", initiated: "2024-01-01T00:00:00Z" }]);
    const b = parseListAllMyBuckets(
      `<ListAllMyBucketsResult><Owner><ID>o</ID></Owner><Buckets><Bucket><Name>a</Name><CreationDate>2024-01-01T00:00:00Z</CreationDate></Bucket><Bucket><Name>b</Name></Bucket></Buckets></ListAllMyBucketsResult>`,
    );
    expect(b.map((x) => x.name)).toEqual(["a", "b"]);
    expect(parseListAllMyBuckets("<ListAllMyBucketsResult><Buckets/></ListAllMyBucketsResult>")).toEqual([]);
  });

  it("parses GetBucketEncryption with BlockedEncryptionTypes", () => {
    const rules = parseServerSideEncryptionConfiguration(
      `<ServerSideEncryptionConfiguration><Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>AES256</SSEAlgorithm></ApplyServerSideEncryptionByDefault><BucketKeyEnabled>false</BucketKeyEnabled><BlockedEncryptionTypes><EncryptionType>SSE-C</EncryptionType></BlockedEncryptionTypes></Rule></ServerSideEncryptionConfiguration>`,
    );
    expect(rules).toEqual([
      { sseAlgorithm: "AES256", kmsMasterKeyId: undefined, bucketKeyEnabled: false, blockedEncryptionTypes: ["SSE-C"] },
    ]);
  });

  it("throws XmlShapeError naming what is missing or unexpected", () => {
    expect(() =>
      parseInitiateMultipartUpload(
        "<InitiateMultipartUploadResult><Bucket>b</Bucket><Key>k</Key></InitiateMultipartUploadResult>",
      ),
    ).toThrow(/no <UploadId>/);
    expect(() => parseCopyObjectResult("<Error><Code>X</Code></Error>")).toThrow(XmlShapeError);
    expect(() => parseListParts("")).toThrow(/expected <ListPartsResult>/);
  });
});

describe("S3 request bodies", () => {
  const parse = (xml: string) =>
    new XMLParser({
      ignoreAttributes: false,
      parseTagValue: false,
      isArray: (n) => ["Part", "Rule", "EncryptionType"].includes(n),
    }).parse(xml);

  it("builds CompleteMultipartUpload with parts in the given order", () => {
    const doc = parse(
      completeMultipartUploadXml([
        { partNumber: 2, etag: '"b"' },
        { partNumber: 1, etag: '"a"', checksums: { ChecksumCRC32: "AAAAAA==" } },
      ]),
    );
    expect(doc.CompleteMultipartUpload["@_xmlns"]).toBe("http://s3.amazonaws.com/doc/2006-03-01/");
    expect(doc.CompleteMultipartUpload.Part).toEqual([
      { PartNumber: "2", ETag: '"b"' },
      { PartNumber: "1", ETag: '"a"', ChecksumCRC32: "AAAAAA==" },
    ]);
  });

  it("builds CreateBucketConfiguration except for us-east-1", () => {
    expect(createBucketConfigurationXml("us-east-1")).toBeUndefined();
    expect(parse(createBucketConfigurationXml("eu-west-1")!).CreateBucketConfiguration.LocationConstraint).toBe(
      "eu-west-1",
    );
  });

  it("builds ServerSideEncryptionConfiguration with BlockedEncryptionTypes (AWS API_BlockedEncryptionTypes)", () => {
    const rule = parse(unblockSseCXml()).ServerSideEncryptionConfiguration.Rule[0];
    expect(rule).toEqual({
      ApplyServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" },
      BlockedEncryptionTypes: { EncryptionType: ["NONE"] },
    });
    const blocked = parse(
      serverSideEncryptionConfigurationXml([{ blockedEncryptionTypes: ["SSE-C"], bucketKeyEnabled: true }]),
    ).ServerSideEncryptionConfiguration.Rule[0];
    expect(blocked).toEqual({ BucketKeyEnabled: "true", BlockedEncryptionTypes: { EncryptionType: ["SSE-C"] } });
    expect(parseServerSideEncryptionConfiguration(unblockSseCXml())[0].blockedEncryptionTypes).toEqual(["NONE"]);
  });
});
