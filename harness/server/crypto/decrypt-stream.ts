/**
 * The decryptor (header of chunked-gcm.ts, "Streaming"): feeds ciphertext to the decipher as it
 * arrives, withholds a chunk's plaintext until its tag verifies, emits only the requested range.
 */
import { createDecipheriv, type DecipherGCM } from "node:crypto";
import { Transform, type TransformCallback } from "node:stream";
import { checkDataKey, ChunkCipherParams, ObjectTamperedError } from "./chunk-cipher.ts";
import { chunkCount, sealedSpan, TAG_SIZE } from "./chunk-layout.ts";

export class DecryptStream extends Transform {
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
