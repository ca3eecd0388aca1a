/**
 * Object data at rest: fixed-size AES-256-GCM chunks, so a range read decrypts only the chunks it
 * needs and any tampering, truncation, reordering or splicing is an error, never wrong bytes
 * (issue 3, "Encryption at rest"; the shape follows MinIO's DARE packages, BEHAVIOUR.md §4.3, and
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

import { createCipheriv, createDecipheriv, createHash, type DecipherGCM } from "node:crypto";
import { Transform, type TransformCallback } from "node:stream";

/** Plaintext bytes per chunk (64 KiB). Each stored chunk = ciphertext + 16-byte tag. */
export const CHUNK_SIZE = 64 * 1024;
export const TAG_SIZE = 16;

const NONCE_PREFIX = Buffer.from("ssec", "latin1");
const AAD_DOMAIN = "ssec-conformance chunk v1\0";
const BINDING_HASH_BYTES = 32;
/** Writes smaller than this are copied into a scratch chunk instead of being kept as views. */
const SMALL_WRITE = 4096;
/** Largest chunk size accepted (the default is 64 KiB; larger values only waste memory). */
const MAX_CHUNK_SIZE = 16 * 1024 * 1024;

/** The stored data does not authenticate: tampered, truncated, reordered, spliced or too long. */
export class ObjectTamperedError extends Error {
  readonly code = "ObjectTampered" as const;
  constructor(message: string) {
    super(message);
    this.name = "ObjectTamperedError";
  }
}

export interface ChunkOptions {
  /** Plaintext bytes per chunk; default CHUNK_SIZE. Encrypt and decrypt must agree. */
  chunkSize?: number;
}

/** Number of stored chunks for a plaintext of this length (an empty plaintext has one). */
export function chunkCount(plainLength: number, chunkSize: number = CHUNK_SIZE): number {
  checkLength(plainLength, "plainLength");
  checkChunkSize(chunkSize);
  return Math.max(1, Math.ceil(plainLength / chunkSize));
}

/** Stored (sealed) length of a plaintext of the given length: 0 → 16 (one empty, authenticated chunk). */
export function sealedLength(plainLength: number, chunkSize: number = CHUNK_SIZE): number {
  return plainLength + TAG_SIZE * chunkCount(plainLength, chunkSize);
}

/** The plaintext length whose sealed form has this length, or undefined if no plaintext has it
 * (a consistency check for stored objects). */
export function plainLengthFromSealed(sealedBytes: number, chunkSize: number = CHUNK_SIZE): number | undefined {
  checkLength(sealedBytes, "sealedBytes");
  checkChunkSize(chunkSize);
  const stride = chunkSize + TAG_SIZE;
  const full = Math.floor(sealedBytes / stride);
  const rest = sealedBytes - full * stride;
  if (rest === 0) return full === 0 ? undefined : full * chunkSize;
  // A short last chunk holds at least one byte, unless it is the only (empty) chunk.
  if (rest < TAG_SIZE || (rest === TAG_SIZE && full > 0)) return undefined;
  return full * chunkSize + rest - TAG_SIZE;
}

/** Which sealed bytes to read to serve plaintext [plainStart, plainEndInclusive] of an object of
 * plainLength bytes: whole chunks only. The whole object is [0, plainLength - 1], which for an
 * empty object is [0, -1] (the one empty chunk, 16 bytes); no other empty range is accepted. */
export function sealedSpan(
  plainLength: number,
  plainStart: number,
  plainEndInclusive: number,
  chunkSize: number = CHUNK_SIZE,
): { firstChunk: number; lastChunk: number; sealedStart: number; sealedEndExclusive: number } {
  checkRange(plainLength, plainStart, plainEndInclusive);
  checkChunkSize(chunkSize);
  const stride = chunkSize + TAG_SIZE;
  const firstChunk = Math.floor(plainStart / chunkSize);
  const lastChunk = plainLength === 0 ? 0 : Math.floor(plainEndInclusive / chunkSize);
  return {
    firstChunk,
    lastChunk,
    sealedStart: firstChunk * stride,
    sealedEndExclusive: Math.min((lastChunk + 1) * stride, sealedLength(plainLength, chunkSize)),
  };
}

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
  return new DecryptStream(
    dataKey,
    binding,
    opts.plainLength,
    opts.plainStart,
    opts.plainEndInclusive,
    opts.chunkSize ?? CHUNK_SIZE,
  );
}

/** Per-stream nonce and AAD buffers, rewritten in place for each chunk (GCM consumes both when the
 * cipher is created / setAAD is called, so reuse is safe and saves two allocations per chunk). */
class ChunkCipherParams {
  readonly nonce = Buffer.alloc(12);
  readonly aad = Buffer.alloc(BINDING_HASH_BYTES + 9);

  constructor(binding: string) {
    NONCE_PREFIX.copy(this.nonce, 0);
    createHash("sha256").update(AAD_DOMAIN, "utf8").update(binding, "utf8").digest().copy(this.aad, 0);
  }

  set(index: number, final: boolean): void {
    const high = Math.floor(index / 0x1_0000_0000);
    const low = index >>> 0;
    this.nonce.writeUInt32BE(high, 4);
    this.nonce.writeUInt32BE(low, 8);
    this.aad.writeUInt32BE(high, BINDING_HASH_BYTES);
    this.aad.writeUInt32BE(low, BINDING_HASH_BYTES + 4);
    this.aad[BINDING_HASH_BYTES + 8] = final ? 1 : 0;
  }
}

class EncryptStream extends Transform {
  private readonly params: ChunkCipherParams;
  /** Unsealed plaintext, in order: views of written buffers or of a scratch chunk. */
  private pieces: Buffer[] = [];
  /** Bytes of pieces[0] already sealed. */
  private headOffset = 0;
  private pendingBytes = 0;
  private index = 0;
  /** Scratch chunk that small writes are copied into; `scratchEnd` bytes of it are in use and
   * the last piece is its view [scratchStart, scratchEnd) while `scratchOpen`. */
  private scratch: Buffer | undefined;
  private scratchStart = 0;
  private scratchEnd = 0;
  private scratchOpen = false;
  /** Where a chunk's pieces are gathered for its single update call; reused for every chunk. */
  private gather: Buffer | undefined;

  constructor(
    private readonly dataKey: Buffer,
    binding: string,
    private readonly chunkSize: number,
  ) {
    checkDataKey(dataKey);
    checkChunkSize(chunkSize);
    super({ writableHighWaterMark: chunkSize, readableHighWaterMark: 2 * (chunkSize + TAG_SIZE) });
    this.params = new ChunkCipherParams(binding);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (chunk.length === 0) return callback();
    this.append(chunk);
    // Only a chunk followed by at least one more byte is known not to be the last.
    while (this.pendingBytes > this.chunkSize) this.sealChunk(this.chunkSize, false);
    this.unpinLargeBuffers();
    callback();
  }

  override _flush(callback: TransformCallback): void {
    this.sealChunk(this.pendingBytes, true);
    callback();
  }

  private append(chunk: Buffer): void {
    this.pendingBytes += chunk.length;
    if (chunk.length >= SMALL_WRITE) {
      this.scratchOpen = false;
      this.pieces.push(chunk);
      return;
    }
    if (!this.scratchOpen || this.scratch === undefined || this.scratchEnd + chunk.length > this.scratch.length) {
      if (this.scratch === undefined || this.scratchEnd + chunk.length > this.scratch.length) {
        this.scratch = Buffer.allocUnsafeSlow(Math.max(this.chunkSize, SMALL_WRITE));
        this.scratchEnd = 0;
      }
      this.scratchStart = this.scratchEnd;
      this.scratchOpen = true;
      this.pieces.push(this.scratch.subarray(this.scratchStart, this.scratchStart));
    }
    chunk.copy(this.scratch, this.scratchEnd);
    this.scratchEnd += chunk.length;
    this.pieces[this.pieces.length - 1] = this.scratch.subarray(this.scratchStart, this.scratchEnd);
  }

  /** Seals the next `length` pending bytes as one chunk and pushes its ciphertext, then its tag.
   * The cipher gets the chunk in ONE update call: a view when one written buffer holds it all,
   * otherwise the pieces gathered into a reused scratch chunk. node allocates a fresh output
   * buffer per update call, so socket-sized (16 KiB) pieces would cost four allocations per
   * chunk and hand every later stage (metering, storage, file writes, decryption) four buffers;
   * the gathering copy writes cache-hot memory instead (measurements: README.md, "Performance"). */
  private sealChunk(length: number, final: boolean): void {
    this.params.set(this.index++, final);
    const cipher = createCipheriv("aes-256-gcm", this.dataKey, this.params.nonce);
    cipher.setAAD(this.params.aad);
    const first = this.pieces[0];
    let input: Buffer;
    if (length === 0) {
      input = Buffer.alloc(0);
    } else if (first.length - this.headOffset >= length) {
      input = first.subarray(this.headOffset, this.headOffset + length);
      this.consume(length);
    } else {
      this.gather ??= Buffer.allocUnsafeSlow(this.chunkSize);
      let filled = 0;
      while (filled < length) {
        const piece = this.pieces[0];
        const take = Math.min(piece.length - this.headOffset, length - filled);
        piece.copy(this.gather, filled, this.headOffset, this.headOffset + take);
        filled += take;
        this.consume(take);
      }
      input = this.gather.subarray(0, length);
    }
    const ciphertext = cipher.update(input);
    const tail = cipher.final();
    // GCM is a stream mode: update and final together return exactly as many bytes as went in.
    if (ciphertext.length + tail.length !== length)
      throw new Error(`AES-256-GCM returned ${ciphertext.length + tail.length} bytes for ${length}`);
    if (ciphertext.length > 0) this.push(ciphertext);
    if (tail.length > 0) this.push(tail);
    this.push(cipher.getAuthTag());
  }

  /** Drops `n` sealed bytes from the front of the pending pieces. */
  private consume(n: number): void {
    this.pendingBytes -= n;
    while (n > 0) {
      const available = this.pieces[0].length - this.headOffset;
      if (n < available) {
        this.headOffset += n;
        return;
      }
      n -= available;
      this.pieces.shift();
      this.headOffset = 0;
      if (this.pieces.length === 0) this.scratchOpen = false;
    }
  }

  /** A held-back tail that is a small view of a large buffer is copied, so the stream never pins
   * more than about a chunk of the writer's memory. */
  private unpinLargeBuffers(): void {
    for (let i = 0; i < this.pieces.length; i++) {
      const piece = this.pieces[i];
      if (piece.buffer.byteLength > 4 * this.chunkSize && piece.buffer !== this.scratch?.buffer) {
        const start = i === 0 ? this.headOffset : 0;
        this.pieces[i] = Buffer.from(piece.subarray(start));
        if (i === 0) this.headOffset = 0;
      }
    }
  }
}

class DecryptStream extends Transform {
  private readonly params: ChunkCipherParams;
  private readonly lastChunkOfObject: number;
  private readonly expectedBytes: number;
  private receivedBytes = 0;
  private index: number;
  private readonly lastChunk: number;
  /** State of the chunk being read. */
  private decipher: DecipherGCM | undefined;
  private chunkPlainLength = 0;
  private ciphertextSeen = 0;
  private readonly tag = Buffer.alloc(TAG_SIZE);
  private tagSeen = 0;
  private plaintext: Buffer[] = [];

  constructor(
    private readonly dataKey: Buffer,
    binding: string,
    private readonly plainLength: number,
    private readonly plainStart: number,
    private readonly plainEndInclusive: number,
    private readonly chunkSize: number,
  ) {
    checkDataKey(dataKey);
    const span = sealedSpan(plainLength, plainStart, plainEndInclusive, chunkSize);
    super({ writableHighWaterMark: chunkSize + TAG_SIZE, readableHighWaterMark: 2 * chunkSize });
    this.params = new ChunkCipherParams(binding);
    this.lastChunkOfObject = chunkCount(plainLength, chunkSize) - 1;
    this.expectedBytes = span.sealedEndExclusive - span.sealedStart;
    this.index = span.firstChunk;
    this.lastChunk = span.lastChunk;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.receivedBytes += chunk.length;
    if (this.receivedBytes > this.expectedBytes) {
      return callback(
        new ObjectTamperedError(`sealed data longer than the ${this.expectedBytes} bytes expected for the range`),
      );
    }
    let offset = 0;
    while (offset < chunk.length) {
      if (this.decipher === undefined) this.openChunk();
      const decipher = this.decipher!;
      const ciphertextLeft = this.chunkPlainLength - this.ciphertextSeen;
      if (ciphertextLeft > 0) {
        const take = Math.min(ciphertextLeft, chunk.length - offset);
        const input = offset === 0 && take === chunk.length ? chunk : chunk.subarray(offset, offset + take);
        this.plaintext.push(decipher.update(input));
        this.ciphertextSeen += take;
        offset += take;
        continue;
      }
      const take = Math.min(TAG_SIZE - this.tagSeen, chunk.length - offset);
      chunk.copy(this.tag, this.tagSeen, offset, offset + take);
      this.tagSeen += take;
      offset += take;
      if (this.tagSeen === TAG_SIZE) {
        const error = this.closeChunk();
        if (error !== undefined) return callback(error);
      }
    }
    callback();
  }

  override _flush(callback: TransformCallback): void {
    if (this.receivedBytes < this.expectedBytes || this.decipher !== undefined) {
      return callback(
        new ObjectTamperedError(`sealed data ended after ${this.receivedBytes} of ${this.expectedBytes} bytes`),
      );
    }
    callback();
  }

  private openChunk(): void {
    const index = this.index;
    this.params.set(index, index === this.lastChunkOfObject);
    this.decipher = createDecipheriv("aes-256-gcm", this.dataKey, this.params.nonce);
    this.decipher.setAAD(this.params.aad);
    this.chunkPlainLength =
      index === this.lastChunkOfObject ? this.plainLength - index * this.chunkSize : this.chunkSize;
    this.ciphertextSeen = 0;
    this.tagSeen = 0;
  }

  /** Verifies the chunk's tag, then (only then) emits the part of its plaintext that is in range. */
  private closeChunk(): ObjectTamperedError | undefined {
    const decipher = this.decipher!;
    decipher.setAuthTag(this.tag);
    try {
      decipher.final();
    } catch {
      this.plaintext = [];
      return new ObjectTamperedError(`chunk ${this.index} failed authentication`);
    }
    const chunkStart = this.index * this.chunkSize;
    const from = Math.max(0, this.plainStart - chunkStart);
    const to = Math.min(this.chunkPlainLength, this.plainEndInclusive + 1 - chunkStart);
    let position = 0;
    for (const part of this.plaintext) {
      const lo = Math.max(from, position);
      const hi = Math.min(to, position + part.length);
      if (lo < hi)
        this.push(
          lo === position && hi === position + part.length ? part : part.subarray(lo - position, hi - position),
        );
      position += part.length;
    }
    this.plaintext = [];
    this.decipher = undefined;
    this.index++;
    return undefined;
  }
}

function checkLength(value: number, name: string): void {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new RangeError(`${name} must be a non-negative safe integer, got ${value}`);
}

function checkChunkSize(chunkSize: number): void {
  if (!Number.isSafeInteger(chunkSize) || chunkSize < 1 || chunkSize > MAX_CHUNK_SIZE) {
    throw new RangeError(`chunkSize must be an integer in [1, ${MAX_CHUNK_SIZE}], got ${chunkSize}`);
  }
}

function checkRange(plainLength: number, plainStart: number, plainEndInclusive: number): void {
  checkLength(plainLength, "plainLength");
  checkLength(plainStart, "plainStart");
  if (!Number.isSafeInteger(plainEndInclusive))
    throw new RangeError(`plainEndInclusive must be a safe integer, got ${plainEndInclusive}`);
  const wholeEmpty = plainLength === 0 && plainStart === 0 && plainEndInclusive === -1;
  if (!wholeEmpty && !(plainStart <= plainEndInclusive && plainEndInclusive < plainLength)) {
    throw new RangeError(`range [${plainStart}, ${plainEndInclusive}] is not within a ${plainLength}-byte object`);
  }
}

function checkDataKey(dataKey: Buffer): void {
  if (!Buffer.isBuffer(dataKey) || dataKey.length !== 32) throw new RangeError("data key must be 32 bytes");
}
