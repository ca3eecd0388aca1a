/**
 * The search behind expectNoPlaintext: does a response body carry a `w`-byte run of an object's
 * plaintext? The plaintext is a fixture many refused reads compare against (a 5 MiB object, a
 * 300-byte error body), so it is indexed once: its blocks of `s` bytes at offsets that are
 * multiples of `s` (s = 8 for w ≥ 15, 4 below), in an open-addressing table keyed by each block's
 * first four bytes. Any common run of `w ≥ 2s − 1` bytes contains one whole aligned block of the
 * plaintext, so each body offset is looked up once: O(body) per call after O(plaintext / s) once.
 * The index is kept beside the plaintext buffer (a WeakMap: it goes when the fixture goes); a
 * plaintext above INDEX_LIMIT is searched block by block with Buffer.indexOf instead.
 */

const INDEX_LIMIT = 16 * 1024 * 1024;

interface BlockIndex {
  s: number;
  /** Slot → block number + 1 (0: empty); size a power of two. */
  slots: Int32Array;
  bits: number;
  mask: number;
}

const indexes = new WeakMap<Buffer, BlockIndex>();

/** Fibonacci hashing: the top `bits` bits of key × 2^32/φ. */
function hash(key: number, bits: number): number {
  return Math.imul(key, 0x9e3779b1) >>> (32 - bits);
}

function buildIndex(plaintext: Buffer, s: number): BlockIndex {
  const blocks = Math.floor(plaintext.length / s);
  let bits = 4;
  while (1 << bits < blocks * 2) bits++;
  const slots = new Int32Array(1 << bits);
  const mask = (1 << bits) - 1;
  for (let b = 0; b < blocks; b++) {
    let h = hash(plaintext.readUInt32LE(b * s), bits);
    while (slots[h] !== 0) h = (h + 1) & mask;
    slots[h] = b + 1;
  }
  return { s, slots, bits, mask };
}

function indexOf(plaintext: Buffer, s: number): BlockIndex {
  const cached = indexes.get(plaintext);
  if (cached?.s === s) return cached;
  const built = buildIndex(plaintext, s);
  indexes.set(plaintext, built);
  return built;
}

/** Plaintext offsets (multiples of s) of the aligned blocks equal to body[j, j + s). */
function* alignedMatches(plaintext: Buffer, body: Buffer, j: number, idx: BlockIndex): Generator<number> {
  const key = body.readUInt32LE(j);
  for (let h = hash(key, idx.bits); idx.slots[h] !== 0; h = (h + 1) & idx.mask) {
    const q = (idx.slots[h] - 1) * idx.s;
    if (plaintext.readUInt32LE(q) === key && plaintext.compare(body, j, j + idx.s, q, q + idx.s) === 0) yield q;
  }
}

/**
 * The lowest of `best` and the plaintext offset of a w-byte run common to both that holds the
 * s-byte block found at plaintext offset `p` and body offset `k`. The run holds the block at
 * distance t from its start, in the plaintext and in the body alike; the first aligned block of a
 * run starts within s − 1 bytes of it (and s − 1 ≤ w − s).
 */
function runAround(
  haystack: Buffer,
  needles: Buffer,
  w: number,
  s: number,
  p: number,
  k: number,
  best: number,
): number {
  for (let t = 0; t < s; t++) {
    const i = p - t;
    const j = k - t;
    if (i < 0 || j < 0 || i + w > haystack.length || j + w > needles.length) continue;
    if ((best < 0 || i < best) && haystack.compare(needles, j, j + w, i, i + w) === 0) best = i;
  }
  return best;
}

/**
 * Without an index (a plaintext above INDEX_LIMIT): the body's own aligned blocks of s bytes, each
 * looked for anywhere in the plaintext with Buffer.indexOf (body / s native scans); a common run
 * of w ≥ 2s − 1 bytes holds one whole body-aligned block.
 */
function scanned(haystack: Buffer, needles: Buffer, w: number, s: number): number {
  let best = -1;
  for (let k = 0; k + s <= needles.length; k += s) {
    const block = needles.subarray(k, k + s);
    for (let p = haystack.indexOf(block); p >= 0; p = haystack.indexOf(block, p + 1)) {
      best = runAround(haystack, needles, w, s, p, k, best);
    }
  }
  return best;
}

/**
 * The offset in `haystack` (the plaintext) of the first `w`-byte run (w ≥ 4) that also occurs in
 * `needles` (the body), or -1. `indexed`: through the plaintext's cached index (the default up to
 * INDEX_LIMIT) or by native scans.
 */
export function commonRun(
  haystack: Buffer,
  needles: Buffer,
  w: number,
  indexed = haystack.length <= INDEX_LIMIT,
): number {
  if (w < 4 || needles.length < w || haystack.length < w) return -1;
  const s = w >= 15 ? 8 : 4;
  if (haystack.length < s) return -1;
  if (!indexed) return scanned(haystack, needles, w, s);
  const idx = indexOf(haystack, s);
  let best = -1;
  for (let j = 0; j + s <= needles.length; j++) {
    for (const q of alignedMatches(haystack, needles, j, idx)) {
      best = runAround(haystack, needles, w, s, q, j, best);
    }
  }
  return best;
}
