/**
 * Checking the bytes a GET returned. Two ways, both exact:
 * - `compareWith(expected)`: byte-for-byte against the plaintext that was PUT (memcmp speed, so
 *   the client spends its CPU on the transfer, not on checking it);
 * - `sha256Of(hex)`: SHA-256 of the body against the hash of what was sent, for objects too large
 *   to hold in the client.
 * A verifier also counts bytes: a short or long body is a failure, never a fast figure.
 */
import { createHash } from "node:crypto";

export interface Verifier {
  update(chunk: Buffer): void;
  /** Bytes seen so far. */
  readonly bytes: number;
  /** Why the body is wrong, once it has ended; undefined when it is right. */
  problem(): string | undefined;
}

export function compareWith(expected: Buffer): Verifier {
  let at = 0;
  let firstBad: number | undefined;
  return {
    update(chunk) {
      if (firstBad === undefined) {
        const end = at + chunk.length;
        if (end > expected.length || !chunk.equals(expected.subarray(at, end))) firstBad = at;
      }
      at += chunk.length;
    },
    get bytes() {
      return at;
    },
    problem() {
      if (firstBad !== undefined) return `body differs from what was sent, in the piece at byte ${firstBad}`;
      if (at !== expected.length) return `body has ${at} bytes, ${expected.length} were sent`;
      return undefined;
    },
  };
}

export function sha256Of(expectedHex: string, expectedLength: number): Verifier {
  const hash = createHash("sha256");
  let at = 0;
  return {
    update(chunk) {
      hash.update(chunk);
      at += chunk.length;
    },
    get bytes() {
      return at;
    },
    problem() {
      if (at !== expectedLength) return `body has ${at} bytes, ${expectedLength} were sent`;
      const got = hash.digest("hex");
      return got === expectedHex ? undefined : `body SHA-256 ${got} differs from the ${expectedHex} sent`;
    },
  };
}
