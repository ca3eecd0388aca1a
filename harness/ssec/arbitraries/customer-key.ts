/** A 256-bit customer key as fast-check generates it; its bytes never shrink (see index.ts). */
import fc from "fast-check";
import { CustomerKey, keyFromBytes } from "../key.ts";

export const KEY_BYTES = 32;

/** A 256-bit customer key (OBS Table 1 row 2). Not shrunk: see the module comment. */
export function customerKey(): fc.Arbitrary<CustomerKey> {
  return fc.noShrink(fc.uint8Array({ minLength: KEY_BYTES, maxLength: KEY_BYTES })).map(
    (bytes) => keyFromBytes(bytes),
    (v) => {
      if (!(v instanceof CustomerKey) || v.length !== KEY_BYTES) throw new TypeError("not a 32-byte CustomerKey");
      return new Uint8Array(v.raw);
    },
  );
}
