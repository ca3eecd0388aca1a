import { describe, expect, it } from "vitest";
import { CHUNK_SIZE, TAG_SIZE, createDecryptStream } from "./chunked-gcm.ts";
import { objectBinding, sealNewDataKey, unsealDataKey } from "./sealed-key.ts";
import { SEED, deterministicBytes, encrypt, prng, randomPieces, run } from "../../server-testing/crypto-streams.ts";

const CUSTOMER_KEY = deterministicBytes(32, "at rest customer key");
const BINDING = objectBinding("bucket", "report.txt", "a1b2c3");

/** Everything the server keeps for one object: the metadata record and the sealed bytes. */
async function store(plaintext: Buffer) {
  const { dataKey, sealed } = sealNewDataKey(CUSTOMER_KEY, BINDING);
  const data = await encrypt(dataKey, BINDING, randomPieces(plaintext, SEED));
  const metadata = Buffer.from(
    JSON.stringify({ sealedKey: sealed, binding: BINDING, plainLength: plaintext.length }),
    "utf8",
  );
  return { dataKey, sealed, data, everything: Buffer.concat([metadata, data]) };
}

/** 32-byte windows of `plaintext`: at chunk starts and ends, and at random offsets. */
function windows(plaintext: Buffer): Buffer[] {
  const random = prng(SEED);
  const offsets = new Set<number>([0, plaintext.length - 32]);
  for (let start = 0; start < plaintext.length; start += CHUNK_SIZE) offsets.add(start).add(Math.max(0, start - 32));
  for (let i = 0; i < 200; i++) offsets.add(Math.floor(random() * (plaintext.length - 32)));
  return [...offsets].map((offset) => plaintext.subarray(offset, offset + 32));
}

describe("what is stored", () => {
  // Low-entropy text repeating every 64 bytes (it divides the chunk size): an ECB-like mode or a
  // nonce repeated across chunks would leave identical blocks behind.
  const text = Buffer.from(
    "The quarterly numbers are confidential; do not store them plainly.\n".slice(0, 64).padEnd(64, "."),
  );
  const plaintexts: [string, Buffer][] = [
    ["repetitive text", Buffer.alloc(5 * CHUNK_SIZE + 123, text)],
    ["random bytes", deterministicBytes(5 * CHUNK_SIZE + 123, "at rest random")],
  ];

  for (const [name, plaintext] of plaintexts) {
    it(`contains no 32-byte window of the plaintext (${name})`, async () => {
      const { everything } = await store(plaintext);
      for (const window of windows(plaintext)) expect(everything.indexOf(window)).toBe(-1);
    });

    it(`contains neither the customer key nor the data key, raw, base64 or hex (${name})`, async () => {
      const { dataKey, everything } = await store(plaintext);
      const asText = everything.toString("latin1");
      for (const [label, secret] of [
        ["customer key", CUSTOMER_KEY],
        ["data key", dataKey],
      ] as const) {
        expect(everything.indexOf(secret), `${label} raw`).toBe(-1);
        expect(everything.indexOf(secret.subarray(0, 16)), `${label} first half raw`).toBe(-1);
        for (const encoding of ["base64", "base64url", "hex"] as const) {
          expect(asText.includes(secret.toString(encoding)), `${label} ${encoding}`).toBe(false);
        }
        expect(asText.toLowerCase().includes(secret.toString("hex")), `${label} hex, any case`).toBe(false);
      }
    });
  }

  it("repeats no 16-byte block of ciphertext, though the plaintext repeats every 64 bytes", async () => {
    const [, plaintext] = plaintexts[0];
    const { data } = await store(plaintext);
    const seen = new Set<string>();
    let blocks = 0;
    for (let chunk = 0; chunk * (CHUNK_SIZE + TAG_SIZE) < data.length; chunk++) {
      const start = chunk * (CHUNK_SIZE + TAG_SIZE);
      const end = Math.min(start + CHUNK_SIZE, data.length - TAG_SIZE);
      for (let offset = start; offset + 16 <= end; offset += 16, blocks++)
        seen.add(data.toString("hex", offset, offset + 16));
    }
    expect(blocks).toBeGreaterThan(20_000);
    expect(seen.size).toBe(blocks);
  });

  it("serves the plaintext back only through the customer key", async () => {
    const [, plaintext] = plaintexts[1];
    const { sealed, data } = await store(plaintext);
    const dataKey = unsealDataKey(CUSTOMER_KEY, BINDING, sealed);
    expect(dataKey).toBeDefined();
    const opts = { plainLength: plaintext.length, plainStart: 0, plainEndInclusive: plaintext.length - 1 };
    const result = await run(createDecryptStream(dataKey!, BINDING, opts), [data]);
    expect(result.output.equals(plaintext)).toBe(true);
    expect(unsealDataKey(deterministicBytes(32, "someone else"), BINDING, sealed)).toBeUndefined();
  });
});
