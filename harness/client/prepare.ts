/**
 * From an S3Request to the exact bytes-to-send: address, the headers S3 needs that the caller did
 * not set, the payload mode's body framing, and the signature. The caller's headers are sent as
 * given and in order; the client only appends what is missing (Host first):
 *   host, content-length, x-amz-date, x-amz-content-sha256, the aws-chunked trio, authorization.
 * A header the caller sets itself (any case) is never added again — that is how a test sends a
 * wrong x-amz-date, its own Authorization, or a lying x-amz-decoded-content-length.
 */
import { Readable } from "node:stream";
import type { ClientOptions, HeaderList, PayloadMode, S3Request } from "./types.ts";
import { ClientUsageError, resolveAddress, s3UriEncode } from "./address.ts";
import {
  DEFAULT_CHUNK_SIZE,
  encodeSignedChunks,
  encodeUnsignedTrailerChunks,
  signedChunkedLength,
  trailerHeaderName,
  unsignedTrailerChunkedLength,
  type BodySource,
} from "./aws-chunked.ts";
import { CHECKSUM_ALGORITHMS, sha256Hex, type ChecksumAlgorithm } from "./checksum-headers.ts";
import type { PreparedRequest } from "./send.ts";
import { amzDate, STREAMING_SIGNED_PAYLOAD, STREAMING_UNSIGNED_TRAILER, UNSIGNED_PAYLOAD, type SigV4 } from "./sign.ts";

/** Default presigned URL lifetime (seconds). */
export const DEFAULT_EXPIRES_IN = 900;

export async function prepareRequest(opts: ClientOptions, signer: SigV4, req: S3Request): Promise<PreparedRequest> {
  const address = resolveAddress(opts, req);
  const headers: HeaderList = (req.headers ?? []).map(([n, v]) => [n, v]);
  const has = (name: string) => headers.some(([n]) => n.toLowerCase() === name);
  const get = (name: string) => headers.find(([n]) => n.toLowerCase() === name)?.[1];
  const added = new Set<string>();
  const add = (name: string, value: string) => {
    if (!has(name)) {
      headers.push([name, value]);
      added.add(name);
    }
  };
  if (!has("host")) headers.unshift(["host", address.host]);

  const auth = req.auth ?? "header";
  const signingDate = req.signingDate ?? new Date();
  const body: Buffer | Readable | AsyncIterable<Uint8Array> | undefined =
    typeof req.body === "string" ? Buffer.from(req.body, "utf8") : req.body;
  const buffered = body === undefined || Buffer.isBuffer(body);
  const decodedLength = body === undefined ? 0 : Buffer.isBuffer(body) ? body.length : req.contentLength;
  // A stream cannot be hashed before it is sent: its default is UNSIGNED-PAYLOAD.
  const payload: PayloadMode = req.payload ?? (buffered ? "signed" : "unsigned");

  let payloadHash: string;
  let wireBody = body;
  let bodyDescription: string | undefined;
  switch (payload) {
    case "signed":
      if (!buffered)
        throw new ClientUsageError(
          "payload 'signed' needs a Buffer or string body; use 'unsigned' or a streaming mode for streams",
        );
      payloadHash = sha256Hex(body ?? Buffer.alloc(0));
      if (body !== undefined) add("content-length", String(body.length));
      else if (/^(PUT|POST)$/i.test(req.method)) add("content-length", "0");
      break;
    case "unsigned":
      payloadHash = UNSIGNED_PAYLOAD;
      if (decodedLength !== undefined && (body !== undefined || /^(PUT|POST)$/i.test(req.method)))
        add("content-length", String(decodedLength));
      break;
    case "streaming-signed":
      if (auth !== "header")
        throw new ClientUsageError(
          "payload 'streaming-signed' chains chunk signatures from an Authorization header; it needs auth 'header'",
        );
      if (decodedLength === undefined)
        throw new ClientUsageError(
          "payload 'streaming-signed' needs the body length (contentLength) for x-amz-decoded-content-length",
        );
      payloadHash = STREAMING_SIGNED_PAYLOAD;
      add("content-encoding", "aws-chunked");
      add("x-amz-decoded-content-length", String(decodedLength));
      add("content-length", String(signedChunkedLength(decodedLength)));
      break;
    case "streaming-unsigned-trailer": {
      payloadHash = STREAMING_UNSIGNED_TRAILER;
      const trailerAlg = trailerAlgorithm(get("x-amz-trailer"));
      add("content-encoding", "aws-chunked");
      add("x-amz-trailer", trailerHeaderName(trailerAlg));
      if (decodedLength !== undefined) {
        add("x-amz-decoded-content-length", String(decodedLength));
        add("content-length", String(unsignedTrailerChunkedLength(decodedLength, trailerAlg)));
      }
      wireBody = Readable.from(encodeUnsignedTrailerChunks(bodySource(body), trailerAlg, DEFAULT_CHUNK_SIZE));
      bodyDescription = `<aws-chunked, unsigned, trailer ${trailerHeaderName(trailerAlg)}, ${decodedLength ?? "unknown"} decoded bytes>`;
      break;
    }
    default:
      throw new ClientUsageError(`unknown payload mode ${String(payload)}`);
  }

  let path = address.path + (address.queryString ? `?${address.queryString}` : "");
  const signable = { method: req.method, path: address.path, query: req.query, headers };

  if (auth === "header") {
    add("x-amz-date", amzDate(signingDate));
    add("x-amz-content-sha256", payloadHash);
    if (!has("authorization")) {
      const sig = await signer.signHeaders(signable, { signingDate, unsignedHeaders: req.unsignedHeaders });
      headers.push(["authorization", sig.authorization]);
      if (payload === "streaming-signed") {
        wireBody = Readable.from(
          encodeSignedChunks(bodySource(body), {
            signingKey: signer.signingKey(signingDate),
            amzDate: sig.amzDate,
            scope: sig.scope,
            seedSignature: sig.signature,
          }),
        );
        bodyDescription = `<aws-chunked, signed chunks, ${decodedLength} decoded bytes>`;
      }
    } else if (payload === "streaming-signed") {
      throw new ClientUsageError(
        "payload 'streaming-signed' with a caller-supplied Authorization header has no seed signature to chain from",
      );
    }
  } else if (auth === "presign") {
    if (payload.startsWith("streaming")) add("x-amz-content-sha256", payloadHash);
    const { query } = await signer.presign(
      { ...signable, payloadHash: payload === "signed" && body !== undefined ? payloadHash : undefined },
      {
        signingDate,
        expiresIn: req.expiresIn ?? DEFAULT_EXPIRES_IN,
        // A presigned URL does not fix the body length unless the caller signs Content-Length itself.
        unsignedHeaders: [...(req.unsignedHeaders ?? []), ...(added.has("content-length") ? ["content-length"] : [])],
      },
    );
    const extra = query.map(([n, v]) => `${n}=${s3UriEncode(v)}`).join("&");
    path += (address.queryString ? "&" : "?") + extra;
  } else if (payload.startsWith("streaming")) {
    // Anonymous, but the server still has to know the body is aws-chunked.
    add("x-amz-content-sha256", payloadHash);
  }

  return {
    method: req.method,
    origin: address.origin,
    servername: address.servername,
    path,
    headers,
    body: wireBody,
    bodyDescription,
  };
}

function bodySource(body: Buffer | Readable | AsyncIterable<Uint8Array> | undefined): BodySource {
  return body === undefined ? Buffer.alloc(0) : (body as BodySource);
}

/** The trailer the caller named in x-amz-trailer, or CRC32 (what AWS SDKs default to). */
function trailerAlgorithm(header: string | undefined): ChecksumAlgorithm {
  if (header === undefined) return "crc32";
  const m = /^x-amz-checksum-([a-z0-9]+)$/i.exec(header.trim());
  const alg = m?.[1].toLowerCase() as ChecksumAlgorithm | undefined;
  if (!alg || !CHECKSUM_ALGORITHMS.includes(alg)) {
    throw new ClientUsageError(
      `x-amz-trailer "${header}" names no checksum this client can compute (${CHECKSUM_ALGORITHMS.join(", ")})`,
    );
  }
  return alg;
}
