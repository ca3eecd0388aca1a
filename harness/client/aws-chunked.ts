/**
 * aws-chunked request bodies (Content-Encoding: aws-chunked), the framing S3 uses for streamed
 * uploads:
 * - signed chunks (STREAMING-AWS4-HMAC-SHA256-PAYLOAD): `hex(len);chunk-signature=<sig>\r\n<data>\r\n`,
 *   ending with a zero-length chunk (AWS "Transferring Payload in Multiple Chunks");
 * - unsigned chunks with a trailing checksum (STREAMING-UNSIGNED-PAYLOAD-TRAILER): `hex(len)\r\n<data>\r\n`,
 *   then `0\r\n`, the trailer line `x-amz-checksum-<alg>:<base64>\r\n` and `\r\n` (AWS "Signature
 *   calculations for trailing headers"; what current AWS SDKs send).
 * Encoded lengths are computable up front, so a known decoded length gives a Content-Length.
 */
import { chunkSignature, type ChunkSigningContext } from "./sign.ts";
import { CHECKSUM_BASE64_LENGTH, createChecksummer, type ChecksumAlgorithm } from "./checksum-headers.ts";

/** 64 KiB, the chunk size of AWS's example and the recommended minimum. */
export const DEFAULT_CHUNK_SIZE = 64 * 1024;

export type BodySource = Uint8Array | AsyncIterable<Uint8Array>;

/** Re-cut a body into `size`-byte pieces (the last may be shorter; an empty body yields none). */
export async function* rechunk(body: BodySource, size: number): AsyncGenerator<Buffer> {
  if (body instanceof Uint8Array) {
    for (let i = 0; i < body.length; i += size) yield Buffer.from(body.subarray(i, i + size));
    return;
  }
  let pending: Buffer[] = [];
  let pendingLength = 0;
  for await (const piece of body) {
    let buf = Buffer.from(piece);
    while (pendingLength + buf.length >= size) {
      const take = size - pendingLength;
      pending.push(buf.subarray(0, take));
      yield Buffer.concat(pending);
      pending = [];
      pendingLength = 0;
      buf = buf.subarray(take);
    }
    if (buf.length > 0) {
      pending.push(buf);
      pendingLength += buf.length;
    }
  }
  if (pendingLength > 0) yield Buffer.concat(pending);
}

const SIGNATURE_EXT = ";chunk-signature=";

/** Signed aws-chunked frames, chained from the request's seed signature. */
export async function* encodeSignedChunks(
  body: BodySource,
  ctx: ChunkSigningContext & { seedSignature: string },
  chunkSize = DEFAULT_CHUNK_SIZE,
): AsyncGenerator<Buffer> {
  let previous = ctx.seedSignature;
  const frame = (data: Buffer): Buffer => {
    previous = chunkSignature(ctx, previous, data);
    return Buffer.concat([
      Buffer.from(`${data.length.toString(16)}${SIGNATURE_EXT}${previous}\r\n`),
      data,
      Buffer.from("\r\n"),
    ]);
  };
  for await (const chunk of rechunk(body, chunkSize)) yield frame(chunk);
  yield frame(Buffer.alloc(0));
}

/** Encoded length of a signed aws-chunked body of `decodedLength` bytes. */
export function signedChunkedLength(decodedLength: number, chunkSize = DEFAULT_CHUNK_SIZE): number {
  const frame = (len: number) => len.toString(16).length + SIGNATURE_EXT.length + 64 + 2 + len + 2;
  const full = Math.floor(decodedLength / chunkSize);
  const rest = decodedLength % chunkSize;
  return full * frame(chunkSize) + (rest > 0 ? frame(rest) : 0) + frame(0);
}

/** `x-amz-checksum-crc32` etc. */
export function trailerHeaderName(alg: ChecksumAlgorithm): string {
  return `x-amz-checksum-${alg}`;
}

/** Unsigned aws-chunked frames with the checksum of the decoded body as a trailer. */
export async function* encodeUnsignedTrailerChunks(
  body: BodySource,
  alg: ChecksumAlgorithm,
  chunkSize = DEFAULT_CHUNK_SIZE,
): AsyncGenerator<Buffer> {
  const sum = createChecksummer(alg);
  for await (const chunk of rechunk(body, chunkSize)) {
    sum.update(chunk);
    yield Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from("\r\n")]);
  }
  yield Buffer.from(`0\r\n${trailerHeaderName(alg)}:${sum.digestBase64()}\r\n\r\n`);
}

/** Encoded length of an unsigned-trailer aws-chunked body of `decodedLength` bytes. */
export function unsignedTrailerChunkedLength(
  decodedLength: number,
  alg: ChecksumAlgorithm,
  chunkSize = DEFAULT_CHUNK_SIZE,
): number {
  const frame = (len: number) => len.toString(16).length + 2 + len + 2;
  const full = Math.floor(decodedLength / chunkSize);
  const rest = decodedLength % chunkSize;
  const trailer = trailerHeaderName(alg).length + 1 + CHECKSUM_BASE64_LENGTH[alg] + 2;
  return full * frame(chunkSize) + (rest > 0 ? frame(rest) : 0) + 3 + trailer + 2;
}
