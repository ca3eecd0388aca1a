/**
 * The decryptor (header of chunked-gcm.ts, "Streaming"): feeds ciphertext to the decipher as it
 * arrives, withholds a chunk's plaintext until its tag verifies, emits only the requested range.
 * One state machine (ChunkOpener) behind two faces: a Transform for sealed bytes that arrive as a
 * stream (files), and a Readable that pulls views of sealed bytes already in memory (the
 * in-memory store), which saves the GET path two stream stages and a promise per stored buffer.
 */
import { createDecipheriv, type DecipherGCM } from "node:crypto";
import { Readable, Transform, type TransformCallback } from "node:stream";
import { checkDataKey, ChunkCipherParams, ObjectTamperedError } from "./chunk-cipher.ts";
import { chunkCount, sealedSpan, TAG_SIZE } from "./chunk-layout.ts";

/** What both decryptors need: the key, the binding and the plaintext range of sealedSpan(). */
export interface DecryptRange {
  dataKey: Buffer;
  binding: string;
  plainLength: number;
  plainStart: number;
  plainEndInclusive: number;
  chunkSize: number;
}

/** Sealed bytes in, authenticated plaintext of the range out, chunk by chunk. */
class ChunkOpener {
  private readonly params: ChunkCipherParams;
  private readonly lastChunkOfObject: number;
  private readonly expectedBytes: number;
  private receivedBytes = 0;
  private index: number;
  /** State of the chunk being read. */
  private decipher: DecipherGCM | undefined;
  private chunkPlainLength = 0;
  private ciphertextSeen = 0;
  private readonly tag = Buffer.alloc(TAG_SIZE);
  private tagSeen = 0;
  private plaintext: Buffer[] = [];

  constructor(private readonly r: DecryptRange) {
    checkDataKey(r.dataKey);
    const span = sealedSpan(r.plainLength, r.plainStart, r.plainEndInclusive, r.chunkSize);
    this.params = new ChunkCipherParams(r.binding);
    this.lastChunkOfObject = chunkCount(r.plainLength, r.chunkSize) - 1;
    this.expectedBytes = span.sealedEndExclusive - span.sealedStart;
    this.index = span.firstChunk;
  }

  /** Takes the next sealed bytes; `emit` gets each verified piece of plaintext in range. */
  feed(chunk: Buffer, emit: (plaintext: Buffer) => void): ObjectTamperedError | undefined {
    this.receivedBytes += chunk.length;
    if (this.receivedBytes > this.expectedBytes) {
      return new ObjectTamperedError(`sealed data longer than the ${this.expectedBytes} bytes expected for the range`);
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
        const error = this.closeChunk(emit);
        if (error !== undefined) return error;
      }
    }
    return undefined;
  }

  /** The sealed input has ended: an error unless it held exactly the expected chunks. */
  end(): ObjectTamperedError | undefined {
    if (this.receivedBytes < this.expectedBytes || this.decipher !== undefined) {
      return new ObjectTamperedError(`sealed data ended after ${this.receivedBytes} of ${this.expectedBytes} bytes`);
    }
    return undefined;
  }

  private openChunk(): void {
    const index = this.index;
    this.params.set(index, index === this.lastChunkOfObject);
    this.decipher = createDecipheriv("aes-256-gcm", this.r.dataKey, this.params.nonce);
    this.decipher.setAAD(this.params.aad);
    this.chunkPlainLength =
      index === this.lastChunkOfObject ? this.r.plainLength - index * this.r.chunkSize : this.r.chunkSize;
    this.ciphertextSeen = 0;
    this.tagSeen = 0;
  }

  /** Verifies the chunk's tag, then (only then) emits the part of its plaintext that is in range. */
  private closeChunk(emit: (plaintext: Buffer) => void): ObjectTamperedError | undefined {
    const decipher = this.decipher!;
    decipher.setAuthTag(this.tag);
    try {
      decipher.final();
    } catch {
      this.plaintext = [];
      return new ObjectTamperedError(`chunk ${this.index} failed authentication`);
    }
    const chunkStart = this.index * this.r.chunkSize;
    const from = Math.max(0, this.r.plainStart - chunkStart);
    const to = Math.min(this.chunkPlainLength, this.r.plainEndInclusive + 1 - chunkStart);
    const parts = this.plaintext;
    this.plaintext = [];
    this.decipher = undefined;
    this.index++;
    let position = 0;
    for (const part of parts) {
      const lo = Math.max(from, position);
      const hi = Math.min(to, position + part.length);
      if (lo < hi)
        emit(lo === position && hi === position + part.length ? part : part.subarray(lo - position, hi - position));
      position += part.length;
    }
    return undefined;
  }
}

/** Sealed bytes written to it, plaintext read from it. */
export class DecryptStream extends Transform {
  private readonly opener: ChunkOpener;
  private readonly pushPlaintext = (plaintext: Buffer): void => void this.push(plaintext);

  constructor(r: DecryptRange) {
    const opener = new ChunkOpener(r);
    super({ writableHighWaterMark: r.chunkSize + TAG_SIZE, readableHighWaterMark: 2 * r.chunkSize });
    this.opener = opener;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    callback(this.opener.feed(chunk, this.pushPlaintext));
  }

  override _flush(callback: TransformCallback): void {
    callback(this.opener.end());
  }
}

/**
 * Plaintext read from sealed bytes that are already in memory, as views (the in-memory store's
 * buffers): each read() decrypts views until the reader's buffer is full. Same verification as
 * DecryptStream (the same ChunkOpener); no plaintext is emitted before its chunk's tag verified.
 */
export class DecryptReader extends Readable {
  private readonly opener: ChunkOpener;
  private next = 0;
  private full = false;
  private readonly pushPlaintext = (plaintext: Buffer): void => {
    if (!this.push(plaintext)) this.full = true;
  };

  constructor(
    r: DecryptRange,
    private readonly sealed: Buffer[],
  ) {
    const opener = new ChunkOpener(r);
    super({ highWaterMark: 2 * r.chunkSize });
    this.opener = opener;
  }

  override _read(): void {
    this.full = false;
    while (this.next < this.sealed.length) {
      const error = this.opener.feed(this.sealed[this.next++], this.pushPlaintext);
      if (error !== undefined) return void this.destroy(error);
      if (this.full) return;
    }
    this.sealed.length = 0;
    const error = this.opener.end();
    if (error !== undefined) this.destroy(error);
    else this.push(null);
  }
}
