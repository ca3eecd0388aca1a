/**
 * Bench payloads: deterministic pseudo-random bytes (the AES-256-CTR keystream under a key derived
 * from a label), so every object is incompressible, every byte position distinct, and any byte
 * can be regenerated for comparison. Bodies go out as streams of views of `pieceSize` bytes, as a
 * client reading a file would send them.
 */
import { createCipheriv, createHash } from "node:crypto";
import { Readable } from "node:stream";

const MiB = 1024 * 1024;
const ZEROS = Buffer.alloc(MiB);

function keystream(label: string) {
  const key = createHash("sha256").update(`ssec-conformance bench ${label}`).digest();
  return createCipheriv("aes-256-ctr", key, Buffer.alloc(16));
}

/** The first `length` bytes of the pattern named `label`. */
export function patternBytes(label: string, length: number): Buffer {
  const out = Buffer.allocUnsafe(length);
  const ks = keystream(label);
  for (let at = 0; at < length; at += MiB) {
    const n = Math.min(MiB, length - at);
    ks.update(ZEROS.subarray(0, n)).copy(out, at);
  }
  return out;
}

/** A stream of the views of `data`, `pieceSize` bytes each (no copies). */
export function bufferSource(data: Buffer, pieceSize: number): Readable {
  let at = 0;
  return new Readable({
    highWaterMark: pieceSize,
    read() {
      while (at < data.length) {
        const piece = data.subarray(at, Math.min(at + pieceSize, data.length));
        at += piece.length;
        if (!this.push(piece)) return;
      }
      this.push(null);
    },
  });
}

/**
 * The pattern named `label`, `length` bytes, generated as it is read (for objects too large to
 * hold); `onPiece` sees every piece sent (to hash what went out).
 */
export function patternSource(
  label: string,
  length: number,
  pieceSize: number,
  onPiece?: (b: Buffer) => void,
): Readable {
  const ks = keystream(label);
  const zeros = Buffer.alloc(pieceSize);
  let at = 0;
  return new Readable({
    highWaterMark: pieceSize,
    read() {
      while (at < length) {
        const n = Math.min(pieceSize, length - at);
        const piece = ks.update(zeros.subarray(0, n));
        at += n;
        onPiece?.(piece);
        if (!this.push(piece)) return;
      }
      this.push(null);
    },
  });
}
