/** Malformed bodies: hostile and huge XML, form garbage, broken aws-chunked framing, wrong lengths. */
import fc from "fast-check";
import { bytesArb, latin1 } from "./fuzz-values.ts";
import type { Body } from "./raw-request.ts";

export interface Bodies {
  any: fc.Arbitrary<Body>;
  /** Object data: plain, truncated, aws-chunked. */
  data: fc.Arbitrary<Body>;
  /** Malformed, hostile and huge XML documents. */
  xml: fc.Arbitrary<Body>;
  /** multipart/form-data garbage. */
  form: fc.Arbitrary<Body>;
}

export function malformedBodies(): Bodies {
  const xml = fc.constantFrom(
    "<CompleteMultipartUpload>",
    "<CompleteMultipartUpload></CompleteMultipartUpload>",
    `<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>"x"</ETag></Part></CompleteMultipartUpload>`,
    `<CompleteMultipartUpload><Part><PartNumber>0</PartNumber><ETag>x</ETag></Part></CompleteMultipartUpload>`,
    `<CompleteMultipartUpload><Part><PartNumber>10001</PartNumber><ETag>x</ETag></Part></CompleteMultipartUpload>`,
    `<CompleteMultipartUpload><Part><PartNumber>-1</PartNumber></Part><Part><PartNumber>1e3</PartNumber></Part></CompleteMultipartUpload>`,
    `<CompleteMultipartUpload><Part><PartNumber>2</PartNumber><ETag>a</ETag></Part><Part><PartNumber>1</PartNumber><ETag>b</ETag></Part></CompleteMultipartUpload>`,
    `<CompleteMultipartUpload><Part><PartNumber>99999999999999999999</PartNumber><ETag>x</ETag></Part></CompleteMultipartUpload>`,
    "<Delete><Object><Key>k</Key></Object>",
    `<Delete><Quiet>maybe</Quiet><Object><Key>../../etc/passwd</Key></Object><Object></Object></Delete>`,
    `<?xml version="1.0" encoding="UTF-16"?><Delete/>`,
    `<!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]><Delete><Object><Key>&d;</Key></Object></Delete>`,
    `<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><Delete><Object><Key>&e;</Key></Object></Delete>`,
    "<CreateBucketConfiguration><LocationConstraint>mars-1</LocationConstraint></CreateBucketConfiguration>",
    `<ServerSideEncryptionConfiguration><Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>AES256</SSEAlgorithm></ApplyServerSideEncryptionByDefault></Rule></ServerSideEncryptionConfiguration>`,
    "not xml at all",
    "<a><b></a></b>",
    "\u0000\u0001<Delete>",
  );
  const hugeXml = fc.constantFrom(
    () => "<a>".repeat(100_000) + "</a>".repeat(100_000), // deep nesting: a recursive parser's stack
    () => `<Delete>${"<Object><Key>k</Key></Object>".repeat(40_000)}</Delete>`, // 1.1 MB, 40k objects
    () =>
      `<CompleteMultipartUpload>${"<Part><PartNumber>1</PartNumber><ETag>x</ETag></Part>".repeat(25_000)}</CompleteMultipartUpload>`,
    () => `<Delete><Object><Key>${"k".repeat(2_000_000)}</Key></Object></Delete>`,
  );
  const boundary = "----fuzzBoundary";
  const formPart = (name: string, value: string) =>
    `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  const form = fc.constantFrom(
    `--${boundary}\r\n`,
    `${formPart("key", "k")}--${boundary}--\r\n`,
    `${formPart("key", "k")}--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="f"\r\n\r\nbytes\r\n--${boundary}--\r\n`,
    `${formPart("key", "../../escape")}${formPart("policy", "e30=")}${formPart("x-amz-signature", "00")}--${boundary}\r\nContent-Disposition: form-data; name="file"\r\n\r\nx\r\n--${boundary}--\r\n`,
    `${formPart("key", "k")}${formPart("x-amz-server-side-encryption-customer-algorithm", "AES256")}${formPart("x-amz-server-side-encryption-customer-key", "garbage")}--${boundary}\r\nContent-Disposition: form-data; name="file"\r\n\r\nx\r\n--${boundary}--\r\n`,
    `--${boundary}\r\nContent-Disposition: form-data; name="file"\r\n\r\nfile before the fields\r\n${formPart("key", "k")}--${boundary}--\r\n`,
    `${formPart("key", "v".repeat(100_000))}--${boundary}--\r\n`,
    `--${boundary}\r\nContent-Disposition: form-data\r\n\r\nno name\r\n--${boundary}--\r\n`,
    `--${boundary}\r\nno headers at all`,
    "",
  );
  const chunkSig = "chunk-signature=" + "0".repeat(64);
  const awsChunked = fc.constantFrom(
    { raw: "5\r\nhello\r\n0\r\n\r\n", hash: "STREAMING-UNSIGNED-PAYLOAD-TRAILER", decoded: "5" },
    {
      raw: "5\r\nhello\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n",
      hash: "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
      decoded: "5",
      trailer: "x-amz-checksum-crc32",
    },
    {
      raw: "5\r\nhello\r\n0\r\nx-amz-checksum-crc32:garbage\r\n\r\n",
      hash: "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
      decoded: "5",
      trailer: "x-amz-checksum-crc32",
    },
    {
      raw: "5\r\nhello\r\n0\r\nx-amz-checksum-sha256:AAAA\r\n\r\n",
      hash: "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
      decoded: "5",
      trailer: "x-amz-checksum-crc32",
    },
    {
      raw: "5\r\nhello\r\n0\r\nno colon\r\n\r\n",
      hash: "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
      decoded: "5",
      trailer: "x-amz-checksum-crc32",
    },
    { raw: "zz\r\nhello\r\n0\r\n\r\n", hash: "STREAMING-UNSIGNED-PAYLOAD-TRAILER", decoded: "5" },
    { raw: "5\r\nhelloXX0\r\n\r\n", hash: "STREAMING-UNSIGNED-PAYLOAD-TRAILER", decoded: "5" },
    { raw: "5\r\nhel", hash: "STREAMING-UNSIGNED-PAYLOAD-TRAILER", decoded: "5" },
    { raw: "FFFFFFFFFFFFFFFF\r\nx\r\n", hash: "STREAMING-UNSIGNED-PAYLOAD-TRAILER", decoded: "1" },
    { raw: "-5\r\nhello\r\n0\r\n\r\n", hash: "STREAMING-UNSIGNED-PAYLOAD-TRAILER", decoded: "5" },
    { raw: "5\r\nhello\r\n", hash: "STREAMING-UNSIGNED-PAYLOAD-TRAILER", decoded: "5" },
    { raw: "3\r\nhello\r\n0\r\n\r\n", hash: "STREAMING-UNSIGNED-PAYLOAD-TRAILER", decoded: "5" },
    { raw: "5\r\nhello\r\n0\r\n\r\n", hash: "STREAMING-UNSIGNED-PAYLOAD-TRAILER", decoded: "999" },
    {
      raw: `5;${chunkSig}\r\nhello\r\n0;${chunkSig}\r\n\r\n`,
      hash: "STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
      decoded: "5",
    },
    {
      raw: `5;chunk-signature=zz\r\nhello\r\n0;chunk-signature=\r\n\r\n`,
      hash: "STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
      decoded: "5",
    },
    { raw: "5\r\nhello\r\n0\r\n\r\n", hash: "STREAMING-AWS4-HMAC-SHA256-PAYLOAD", decoded: "5" },
    {
      raw: `5;${chunkSig}\r\nhello\r\n0;${chunkSig}\r\nx-amz-checksum-crc32:AAAAAA==\r\nx-amz-trailer-signature:00\r\n\r\n`,
      hash: "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER",
      decoded: "5",
      trailer: "x-amz-checksum-crc32",
    },
    { raw: "5\r\nhello\r\n0\r\n\r\n", hash: "STREAMING-UNKNOWN-PAYLOAD", decoded: "5" },
    { raw: `${"1\r\nx\r\n".repeat(3000)}0\r\n\r\n`, hash: "STREAMING-UNSIGNED-PAYLOAD-TRAILER", decoded: "3000" },
  );
  const xmlBody = fc.oneof(
    {
      weight: 8,
      arbitrary: xml.map((x): Body => ({
        kind: "exact",
        bytes: Buffer.from(x, "utf8"),
        contentType: "application/xml",
      })),
    },
    {
      weight: 1,
      arbitrary: hugeXml.map((f): Body => ({
        kind: "exact",
        bytes: Buffer.from(f(), "utf8"),
        contentType: "application/xml",
      })),
    },
  );
  const formBody = form.map((f): Body => ({
    kind: "exact",
    bytes: Buffer.from(f, "latin1"),
    contentType: `multipart/form-data; boundary=${boundary}`,
  }));
  const exact = bytesArb(4096).map((bytes): Body => ({ kind: "exact", bytes }));
  const truncated = fc
    .tuple(bytesArb(2048), fc.integer({ min: 1, max: 100_000 }))
    .map(([bytes, extra]): Body => ({ kind: "truncated", bytes, declared: bytes.length + extra }));
  const excess = fc.tuple(bytesArb(512), fc.integer({ min: 1, max: 64 })).map(([b, less]): Body => {
    const bytes = Buffer.concat([b, Buffer.from("GARBAGE / HTTP/1.1\r\n\r\n")]);
    return { kind: "excess", bytes, declared: Math.max(0, bytes.length - less) };
  });
  const teChunked = fc
    .constantFrom(
      "5\r\nhello\r\n0\r\n\r\n",
      "zz\r\nx\r\n0\r\n\r\n",
      "5\r\nhel",
      "5\r\nhello\r\n",
      "0\r\n\r\n",
      "1;ext=1\r\nx\r\n0\r\n\r\n",
    )
    .map((s): Body => ({ kind: "te-chunked", raw: Buffer.from(s), complete: /(^|\r\n)0\r\n\r\n$/.test(s) }));
  const awsChunkedBody = awsChunked.map((c): Body => ({
    kind: "aws-chunked",
    raw: Buffer.from(c.raw),
    payloadHash: c.hash,
    decodedLength: c.decoded,
    trailer: "trailer" in c ? c.trailer : undefined,
  }));
  const data = fc.oneof(
    { weight: 6, arbitrary: exact },
    { weight: 2, arbitrary: truncated },
    { weight: 4, arbitrary: awsChunkedBody },
    { weight: 1, arbitrary: teChunked },
  );
  const any = fc.oneof(
    { weight: 8, arbitrary: fc.constant<Body>({ kind: "none" }) },
    { weight: 6, arbitrary: exact },
    { weight: 4, arbitrary: xmlBody },
    { weight: 3, arbitrary: formBody },
    { weight: 3, arbitrary: truncated },
    { weight: 2, arbitrary: excess },
    { weight: 2, arbitrary: teChunked },
    { weight: 4, arbitrary: awsChunkedBody },
  );
  return { any, data, xml: xmlBody, form: formBody };
}
