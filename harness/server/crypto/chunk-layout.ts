/**
 * The sealed layout's arithmetic (header of chunked-gcm.ts): chunk counts, sealed lengths, which
 * sealed bytes serve a plaintext range, and the argument checks the streams share.
 */

/** Plaintext bytes per chunk (64 KiB). Each stored chunk = ciphertext + 16-byte tag. */
export const CHUNK_SIZE = 64 * 1024;
export const TAG_SIZE = 16;

/** Largest chunk size accepted (the default is 64 KiB; larger values only waste memory). */
const MAX_CHUNK_SIZE = 16 * 1024 * 1024;

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

export function checkLength(value: number, name: string): void {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new RangeError(`${name} must be a non-negative safe integer, got ${value}`);
}

export function checkChunkSize(chunkSize: number): void {
  if (!Number.isSafeInteger(chunkSize) || chunkSize < 1 || chunkSize > MAX_CHUNK_SIZE) {
    throw new RangeError(`chunkSize must be an integer in [1, ${MAX_CHUNK_SIZE}], got ${chunkSize}`);
  }
}

export function checkRange(plainLength: number, plainStart: number, plainEndInclusive: number): void {
  checkLength(plainLength, "plainLength");
  checkLength(plainStart, "plainStart");
  if (!Number.isSafeInteger(plainEndInclusive))
    throw new RangeError(`plainEndInclusive must be a safe integer, got ${plainEndInclusive}`);
  const wholeEmpty = plainLength === 0 && plainStart === 0 && plainEndInclusive === -1;
  if (!wholeEmpty && !(plainStart <= plainEndInclusive && plainEndInclusive < plainLength)) {
    throw new RangeError(`range [${plainStart}, ${plainEndInclusive}] is not within a ${plainLength}-byte object`);
  }
}
