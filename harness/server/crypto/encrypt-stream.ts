/**
 * The encryptor (header of chunked-gcm.ts, "Streaming"): holds back one chunk of plaintext, keeps
 * views of written buffers, seals each chunk once it knows whether it is the last.
 */
import { createCipheriv } from "node:crypto";
import { Transform, type TransformCallback } from "node:stream";
import { checkDataKey, ChunkCipherParams } from "./chunk-cipher.ts";
import { checkChunkSize, TAG_SIZE } from "./chunk-layout.ts";

/** Writes smaller than this are copied into a scratch chunk instead of being kept as views. */
const SMALL_WRITE = 4096;

export class EncryptStream extends Transform {
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
