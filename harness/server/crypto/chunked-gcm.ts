/**
 * Object data at rest: fixed-size AES-256-GCM chunks, so a range read decrypts only the chunks it
 * needs and any tampering, truncation, reordering or splicing is an error, never wrong bytes
 * (issue 3, "Encryption at rest"; the shape follows MinIO's DARE packages, minio/minio `internal/crypto`, and
 * the STREAM construction of Hoang, Reyhanitabar, Rogaway and Vizár, "Online Authenticated-
 * Encryption and its Nonce-Reuse Misuse-Resistance", CRYPTO 2015).
 *
 * Layout: plaintext is cut into chunks of CHUNK_SIZE (64 KiB) bytes; stored chunk i is
 * AES-256-GCM(dataKey, nonce_i, aad_i, plaintext_i) ‖ 16-byte tag. Every chunk is full except the
 * last, which holds 1..CHUNK_SIZE bytes, or 0 bytes for an empty object: an empty object still
 * stores one authenticated empty chunk (16 bytes), so reading it checks the data key and cannot
 * be confused with a truncated object. sealedLength(L) = L + 16 · max(1, ⌈L / CHUNK_SIZE⌉).
 *
 * Nonce: nonce_i = "ssec" ‖ uint64be(i). A counter is safe because a data key encrypts exactly one
 * stream: sealNewDataKey() draws a fresh random key for every object and every part, and the
 * consumer never re-encrypts under an existing key (a copy or key rotation seals a new key), so
 * (key, nonce) never repeats. No per-stream random prefix is needed, hence nothing to store besides
 * the SealedKey record, the binding and the plaintext length.
 *
 * AAD: aad_i = SHA-256("ssec-conformance chunk v1" ‖ 0x00 ‖ binding) ‖ uint64be(i) ‖ final_i, with
 * final_i = 1 only on the last chunk. The index defeats reordering, dropping and duplicating
 * chunks; the final flag defeats truncation at a chunk boundary (the new last chunk was sealed
 * with final = 0); the binding hash defeats splicing a chunk from another object or part even if
 * it were sealed under the same data key. The binding is hashed once per stream so the per-chunk
 * AAD stays 41 bytes whatever the key length (the brief's "binding ‖ index ‖ final", equivalent
 * by collision resistance).
 *
 * Streaming: memory is bounded by about two chunks per stream whatever the object size. The
 * encryptor must hold back one chunk of plaintext because it learns that a chunk is the last only
 * when the input ends (the final flag is in the AAD, which GCM needs before the data); it keeps
 * views of the written buffers rather than copies, and copies only small writes (into a scratch
 * chunk) and small tails of very large buffers (so it never pins them). When a chunk is sealed,
 * a chunk spread over several written buffers is gathered into one reused buffer so the cipher
 * runs once per chunk; each chunk goes out as its ciphertext and its tag. The decryptor feeds
 * ciphertext to the decipher as it arrives but withholds a chunk's plaintext until its tag has
 * verified, then emits only the requested range.
 *
 * Deviations from api-crypto.md (additive only): an optional `chunkSize` (tests use small chunks
 * to cover every range exhaustively; production code keeps the default), `plainLengthFromSealed`,
 * `chunkCount`, and the `ObjectTamperedError` class (code "ObjectTampered").
 */
import type { Readable, Transform } from "node:stream";
import { ObjectTamperedError } from "./chunk-cipher.ts";
import { CHUNK_SIZE, type ChunkOptions } from "./chunk-layout.ts";
import { DecryptReader, DecryptStream } from "./decrypt-stream.ts";
import { EncryptStream } from "./encrypt-stream.ts";

export { ObjectTamperedError };
export {
  CHUNK_SIZE,
  chunkCount,
  plainLengthFromSealed,
  sealedLength,
  sealedSpan,
  TAG_SIZE,
  type ChunkOptions,
} from "./chunk-layout.ts";

/** Encrypts a plaintext stream into sealed chunks. Each chunk's nonce is derived from the chunk
 * index (the data key is unique per object/part, see the header); the AAD binds the chunk index,
 * the `binding`, and a final-chunk flag, so reordering, dropping, truncation and cross-object
 * splicing are detected. */
export function createEncryptStream(dataKey: Buffer, binding: string, options: ChunkOptions = {}): Transform {
  return new EncryptStream(dataKey, binding, options.chunkSize ?? CHUNK_SIZE);
}

/** Decrypts sealed bytes [sealedStart, sealedEndExclusive) of sealedSpan() into exactly the plaintext
 * bytes [plainStart, plainEndInclusive]. Any tamper, truncation or reorder → the stream errors
 * (an Error with code "ObjectTampered"); it never emits unauthenticated bytes. */
export function createDecryptStream(
  dataKey: Buffer,
  binding: string,
  opts: { plainLength: number; plainStart: number; plainEndInclusive: number } & ChunkOptions,
): Transform {
  return new DecryptStream({ dataKey, binding, ...opts, chunkSize: opts.chunkSize ?? CHUNK_SIZE });
}

/** The same decryption as createDecryptStream, of sealed bytes already in memory: `sealed` are
 * views of sealed bytes [sealedStart, sealedEndExclusive) in order (the reader drops them as it
 * goes). A Readable of exactly the plaintext range, or an ObjectTampered error. */
export function createDecryptReader(
  dataKey: Buffer,
  binding: string,
  sealed: Buffer[],
  opts: { plainLength: number; plainStart: number; plainEndInclusive: number } & ChunkOptions,
): Readable {
  return new DecryptReader({ dataKey, binding, ...opts, chunkSize: opts.chunkSize ?? CHUNK_SIZE }, sealed);
}
