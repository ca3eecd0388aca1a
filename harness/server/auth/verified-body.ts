/**
 * `verifiedBody`: the request body as a stream of decoded payload bytes, verified as it flows.
 *
 * One Transform does everything in a single pass over each input buffer: aws-chunked framing is
 * removed (data forwarded as zero-copy slices), and the payload is hashed only by the digests the
 * request asked for (x-amz-content-sha256 hex, Content-MD5, one x-amz-checksum-*); UNSIGNED-PAYLOAD
 * bodies are not SHA-256 hashed at all. Node's Transform holds back input while its output is
 * unread, so memory stays bounded by the stream high-water marks whatever the body size.
 *
 * Failure = the stream is destroyed with an S3Fault, before 'end'. Checks at the end of the body,
 * in this order: decoded length (IncompleteBody), x-amz-content-sha256 (XAmzContentSHA256Mismatch),
 * Content-MD5 (BadDigest), x-amz-checksum-* header or trailer (BadDigest).
 */
import { createHash, timingSafeEqual, type Hash } from "node:crypto";
import { Readable, Transform, finished, type TransformCallback } from "node:stream";
import { fault, S3Fault } from "../errors.ts";
import { AwsChunkedDecoder } from "./aws-chunked.ts";
import {
  createDigester,
  decodeDigest,
  DIGEST_BYTES,
  displayName,
  type ChecksumAlgorithm,
  type Digester,
} from "./checksum-algorithms.ts";
import { specOf, type PayloadSpec, type ExpectedChecksum } from "./body-plan.ts";
import type { BodyPlan } from "./types.ts";

/** A checksum of the decoded payload, sent by the client and verified against the bytes. */
export interface VerifiedChecksum {
  algorithm: ChecksumAlgorithm;
  digest: Buffer;
}

export interface VerifiedBodyOptions {
  /**
   * Skip x-amz-checksum-* request headers: on CompleteMultipartUpload they state the checksum of
   * the whole object, not of the XML body (S3 API reference, CompleteMultipartUpload). Trailing
   * checksums, Content-MD5 and x-amz-content-sha256 are still verified.
   */
  ignoreChecksumHeaders?: boolean;
  /** The ssec-checksum-not-verified fault: a mismatching x-amz-checksum-* is kept as sent, not refused. */
  trustChecksum?: boolean;
}

class VerifyingTransform extends Transform {
  private readonly decoder: AwsChunkedDecoder | undefined;
  private readonly sha256: Hash | undefined;
  private readonly md5: Digester | undefined;
  private readonly checksum: Digester | undefined;
  private readonly sink = (data: Buffer): void => this.feed(data);
  private received = 0;
  private failed = false;
  /** The x-amz-checksum-* the body was verified against; set once the body ended clean. */
  verified: VerifiedChecksum | undefined;

  constructor(
    private readonly spec: PayloadSpec,
    private readonly headerChecksum: ExpectedChecksum | undefined,
    private readonly trustChecksum = false,
  ) {
    super();
    const mode = spec.mode;
    if (mode.kind === "chunked") {
      this.decoder = new AwsChunkedDecoder({
        signing: mode.signing,
        trailerNames: mode.trailer ? [`x-amz-checksum-${mode.trailer}`] : [],
      });
    }
    if (mode.kind === "sha256") this.sha256 = createHash("sha256");
    if (spec.contentMd5) this.md5 = createDigester("md5");
    const algorithm = headerChecksum?.algorithm ?? (mode.kind === "chunked" ? mode.trailer : undefined);
    if (algorithm) this.checksum = createDigester(algorithm);
  }

  private feed(data: Buffer): void {
    this.received += data.length;
    this.sha256?.update(data);
    this.md5?.update(data);
    this.checksum?.update(data);
    this.push(data);
  }

  override _transform(chunk: unknown, _enc: BufferEncoding, cb: TransformCallback): void {
    if (this.failed) return cb();
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    if (!this.decoder) {
      this.feed(buf);
      return cb(this.overLength());
    }
    const bad = this.decoder.write(buf, this.sink) ?? this.overLength();
    cb(bad);
  }

  override _flush(cb: TransformCallback): void {
    // Framing first (truncated body, missing trailer), then the digests.
    cb(this.decoder?.end() ?? this.finalChecks());
  }

  /** Fails as soon as the payload exceeds its declared length, instead of at the end. */
  private overLength(): S3Fault | undefined {
    const declared = this.spec.declaredLength;
    if (declared === undefined || this.received <= declared) return undefined;
    return fault("IncompleteBody", "The decoded body is longer than the declared length.");
  }

  private finalChecks(): S3Fault | undefined {
    const spec = this.spec;
    if (spec.declaredLength !== undefined && this.received !== spec.declaredLength) {
      return fault("IncompleteBody", "You did not provide the number of bytes specified by the length header.", {
        ExpectedLength: String(spec.declaredLength),
        ReceivedLength: String(this.received),
      });
    }
    if (this.sha256 && spec.mode.kind === "sha256") {
      const computed = this.sha256.digest("hex");
      if (!safeEqual(Buffer.from(computed, "latin1"), Buffer.from(spec.mode.expectedHex, "latin1"))) {
        return fault(
          "XAmzContentSHA256Mismatch",
          "The provided 'x-amz-content-sha256' header does not match what was computed.",
          {
            ClientComputedContentSHA256: spec.mode.expectedHex,
            S3ComputedContentSHA256: computed,
          },
        );
      }
    }
    if (this.md5 && spec.contentMd5 && !safeEqual(this.md5.digest(), spec.contentMd5)) {
      return fault("BadDigest", "The Content-MD5 you specified did not match what we received.");
    }
    if (this.checksum) {
      let expected = this.headerChecksum;
      if (!expected && spec.mode.kind === "chunked" && spec.mode.trailer) {
        const algorithm = spec.mode.trailer;
        const value = this.decoder?.trailers.get(`x-amz-checksum-${algorithm}`) ?? "";
        const decoded = decodeDigest(value, DIGEST_BYTES[algorithm]);
        if (!decoded)
          return fault("InvalidRequest", `Value for x-amz-checksum-${algorithm} trailing header is invalid.`);
        expected = { algorithm, expected: decoded };
      }
      const computed = this.checksum.digest();
      if (expected && !safeEqual(computed, expected.expected)) {
        if (this.trustChecksum) {
          this.verified = { algorithm: expected.algorithm, digest: expected.expected };
          return undefined;
        }
        return fault(
          "BadDigest",
          `The ${displayName(expected.algorithm)} you specified did not match the calculated checksum.`,
        );
      }
      if (expected) this.verified = { algorithm: expected.algorithm, digest: computed };
    }
    return undefined;
  }

  override _destroy(err: Error | null, cb: (error: Error | null) => void): void {
    this.failed = true;
    cb(err);
  }
}

function safeEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Wraps the raw request body: yields the decoded payload bytes (aws-chunked framing removed) and
 * verifies, as bytes stream through: x-amz-content-sha256 hex hash (→ XAmzContentSHA256Mismatch),
 * UNSIGNED-PAYLOAD (nothing), STREAMING-AWS4-HMAC-SHA256-PAYLOAD chunk signatures (→ SignatureDoesNotMatch),
 * STREAMING-UNSIGNED-PAYLOAD-TRAILER and STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER trailers,
 * x-amz-checksum-{crc32,crc32c,sha1,sha256} as header or trailer (→ BadDigest; malformed → InvalidDigest
 * or InvalidRequest), Content-MD5 (→ BadDigest; malformed → InvalidDigest), decoded length vs
 * declared length (→ IncompleteBody). On failure the returned stream is destroyed with the S3Fault as
 * its error, so a consumer that commits only after a clean 'end' never stores unverified bytes.
 * Memory stays bounded (no whole-body buffering).
 *
 * Malformed digest headers are already refused by `authenticate`. `options.ignoreChecksumHeaders`
 * is for CompleteMultipartUpload, whose x-amz-checksum-* headers describe the object, not the body.
 *
 * Errors of `raw` itself (client went away, connection reset) surface as IncompleteBody. `raw` is
 * unpiped, not destroyed, when the verified stream fails: answering the client stays the caller's job.
 */
export function verifiedBody(plan: BodyPlan, raw: Readable, options: VerifiedBodyOptions = {}): Readable {
  const spec = specOf(plan);
  if (!spec) {
    const broken = new Readable({ read() {} });
    broken.destroy(fault("InternalError", "verifiedBody was given a plan that authenticate did not make."));
    return broken;
  }
  const out = new VerifyingTransform(
    spec,
    options.ignoreChecksumHeaders ? undefined : spec.headerChecksum,
    options.trustChecksum,
  );
  raw.pipe(out);
  finished(raw, { writable: false }, (err) => {
    if (err && !out.destroyed && !out.writableFinished) {
      out.destroy(
        err instanceof S3Fault ? err : new S3Fault("IncompleteBody", "The request body terminated unexpectedly"),
      );
    }
  });
  out.once("error", () => raw.unpipe(out));
  return out;
}

/**
 * The x-amz-checksum-* (header or trailer) a stream returned by `verifiedBody` was verified
 * against, once it has ended clean; undefined for any other stream, a body sent without one, or
 * one that has not (yet) ended. Lets the server store the checksum without hashing twice.
 */
export function verifiedChecksum(body: Readable): VerifiedChecksum | undefined {
  return body instanceof VerifyingTransform && body.readableEnded ? body.verified : undefined;
}
