/**
 * The body plan: everything the headers say about how the payload must be decoded and verified,
 * parsed and validated once, before a body byte is read (so a malformed digest header is refused
 * before `100 Continue`).
 *
 * Sources: AWS S3 API reference, "Authenticating Requests: Using the Authorization Header"
 * (x-amz-content-sha256 values), "Transferring Payload in Multiple Chunks" (x-amz-decoded-content-length),
 * "Signature calculations for trailing headers" (x-amz-trailer), and the S3 user guide "Checking
 * object integrity" (x-amz-checksum-*, x-amz-sdk-checksum-algorithm, one checksum per request).
 */
import { fault, type S3Fault } from "../errors.ts";
import type { BodyPlan } from "./types.ts";
import type { ChunkSigning } from "./aws-chunked.ts";
import type { HeaderBag } from "./canonical.ts";
import {
  decodeDigest,
  DIGEST_BYTES,
  displayName,
  isChecksumAlgorithm,
  type ChecksumAlgorithm,
} from "./checksum-algorithms.ts";

export const UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
export const STREAMING_SIGNED = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";
export const STREAMING_SIGNED_TRAILER = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER";
export const STREAMING_UNSIGNED_TRAILER = "STREAMING-UNSIGNED-PAYLOAD-TRAILER";

const HEX64 = /^[0-9a-fA-F]{64}$/;
const DIGITS = /^\d{1,15}$/;
/** x-amz-checksum-* headers that are not a checksum of the body (GET mode, MPU type and algorithm). */
const NOT_A_CHECKSUM = new Set(["mode", "type", "algorithm"]);

export type PayloadHashMode =
  | { kind: "unsigned" }
  | { kind: "sha256"; expectedHex: string }
  | { kind: "chunked"; signing?: ChunkSigning; trailer?: ChecksumAlgorithm };

export interface ExpectedChecksum {
  algorithm: ChecksumAlgorithm;
  expected: Buffer;
}

/** The internals of a BodyPlan; a class so `verifiedBody` can recognise its own plans. */
export class PayloadSpec {
  constructor(
    readonly mode: PayloadHashMode,
    /** Decoded payload length declared by the client, when it declared one. */
    readonly declaredLength: number | undefined,
    /** x-amz-checksum-* sent as a header. */
    readonly headerChecksum: ExpectedChecksum | undefined,
    /** Content-MD5, decoded. */
    readonly contentMd5: Buffer | undefined,
  ) {}
}

export function specOf(plan: BodyPlan): PayloadSpec | undefined {
  const spec = plan["spec"];
  return spec instanceof PayloadSpec ? spec : undefined;
}

/**
 * Builds the plan from the request headers. `payloadHash` is the x-amz-content-sha256 value the
 * signature covered; `seed` is what chunk signatures chain from (the request signature).
 */
export function buildBodyPlan(headers: HeaderBag, payloadHash: string, seed: ChunkSigning): BodyPlan | S3Fault {
  const trailerDeclared = headers.get("x-amz-trailer");
  const trailerNames =
    trailerDeclared === undefined
      ? []
      : trailerDeclared
          .split(",")
          .map((n) => n.trim().toLowerCase())
          .filter((n) => n !== "");

  let mode: PayloadHashMode;
  let declaredLength: number | undefined;
  const isTrailerMode = payloadHash === STREAMING_SIGNED_TRAILER || payloadHash === STREAMING_UNSIGNED_TRAILER;

  if (payloadHash === UNSIGNED_PAYLOAD || HEX64.test(payloadHash)) {
    mode =
      payloadHash === UNSIGNED_PAYLOAD
        ? { kind: "unsigned" }
        : { kind: "sha256", expectedHex: payloadHash.toLowerCase() };
    const contentLength = headers.get("content-length");
    if (contentLength !== undefined) {
      if (!DIGITS.test(contentLength.trim())) return fault("InvalidArgument", "Invalid Content-Length.");
      declaredLength = Number(contentLength.trim());
    }
  } else if (payloadHash === STREAMING_SIGNED || isTrailerMode) {
    const decoded = headers.get("x-amz-decoded-content-length");
    if (decoded === undefined) {
      return fault("MissingContentLength", "You must provide x-amz-decoded-content-length with an aws-chunked body.");
    }
    if (!DIGITS.test(decoded.trim())) return fault("InvalidArgument", "Invalid x-amz-decoded-content-length.");
    declaredLength = Number(decoded.trim());
    let trailer: ChecksumAlgorithm | undefined;
    if (isTrailerMode) {
      if (trailerNames.length !== 1) {
        return fault(
          "InvalidRequest",
          "A -TRAILER x-amz-content-sha256 needs exactly one trailing checksum in x-amz-trailer.",
        );
      }
      const algorithm = trailerNames[0]!.startsWith("x-amz-checksum-") ? trailerNames[0]!.slice(15) : "";
      if (!isChecksumAlgorithm(algorithm)) {
        return fault(
          "InvalidRequest",
          `Unsupported trailing header in x-amz-trailer: ${trailerNames[0]!.slice(0, 64)}.`,
        );
      }
      trailer = algorithm;
    }
    const signing = payloadHash === STREAMING_UNSIGNED_TRAILER ? undefined : seed;
    mode = { kind: "chunked", signing, trailer };
  } else {
    return fault(
      "InvalidRequest",
      "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, " +
        "STREAMING-AWS4-HMAC-SHA256-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER or a valid sha256 value.",
    );
  }
  if (!isTrailerMode && trailerNames.length > 0) {
    return fault("InvalidRequest", "x-amz-trailer needs an x-amz-content-sha256 of a -TRAILER kind.");
  }

  // At most one checksum, header or trailer (S3: "Multiple checksum Types are not allowed").
  let headerChecksum: ExpectedChecksum | undefined;
  for (const name of headers.names()) {
    if (!name.startsWith("x-amz-checksum-")) continue;
    const algorithm = name.slice(15);
    if (NOT_A_CHECKSUM.has(algorithm)) continue;
    if (!isChecksumAlgorithm(algorithm)) {
      return fault("InvalidRequest", `Unsupported checksum header ${name.slice(0, 64)}.`);
    }
    if (headerChecksum !== undefined || (mode.kind === "chunked" && mode.trailer !== undefined)) {
      return fault(
        "InvalidRequest",
        "Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.",
      );
    }
    const expected = decodeDigest(headers.get(name) ?? "", DIGEST_BYTES[algorithm]);
    if (!expected) return fault("InvalidRequest", `Value for ${name} header is invalid.`);
    headerChecksum = { algorithm, expected };
  }

  const sdkAlgorithm = headers.get("x-amz-sdk-checksum-algorithm");
  if (sdkAlgorithm !== undefined) {
    const wanted = sdkAlgorithm.trim().toLowerCase();
    const sent = headerChecksum?.algorithm ?? (mode.kind === "chunked" ? mode.trailer : undefined);
    if (!isChecksumAlgorithm(wanted)) {
      return fault("InvalidRequest", "Value for x-amz-sdk-checksum-algorithm header is invalid.");
    }
    if (sent !== wanted) {
      return fault(
        "InvalidRequest",
        `x-amz-sdk-checksum-algorithm specified ${displayName(wanted)}, but no corresponding x-amz-checksum-* or x-amz-trailer headers were found.`,
      );
    }
  }

  let contentMd5: Buffer | undefined;
  const md5 = headers.get("content-md5");
  if (md5 !== undefined) {
    contentMd5 = decodeDigest(md5, 16);
    if (!contentMd5) return fault("InvalidDigest", "The Content-MD5 you specified was invalid.");
  }

  const spec = new PayloadSpec(mode, declaredLength, headerChecksum, contentMd5);
  return { decodedLength: declaredLength, spec };
}
