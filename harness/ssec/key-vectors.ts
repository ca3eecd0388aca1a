/**
 * Published SSE-C key vectors (fixtures/keys.json), typed. Each says which key-MD5 a source
 * states and whether that pair is consistent: `obs-typo` is not, and a server must refuse it.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { keyFromBase64, type CustomerKey } from "./key.ts";

export type KeyVectorId = "seed-example" | "obs-typo" | "s3tests-a" | "s3tests-b" | "mint" | "localstack";

export interface KeyVector {
  id: KeyVectorId;
  keyBase64: string;
  /** The key-MD5 the source states (not necessarily the MD5 of the key: see `matches`). */
  md5Base64: string;
  /** Whether md5Base64 is the MD5 of the key. */
  matches: boolean;
  source: string;
}

const FILE = fileURLToPath(new URL("../../fixtures/keys.json", import.meta.url));

function load(): KeyVector[] {
  const doc = JSON.parse(readFileSync(FILE, "utf8")) as { vectors?: unknown };
  if (!Array.isArray(doc.vectors)) throw new Error(`${FILE}: no "vectors" array`);
  return doc.vectors.map((v: Record<string, unknown>, i: number) => {
    for (const f of ["id", "keyBase64", "md5Base64", "source"]) {
      if (typeof v[f] !== "string") throw new Error(`${FILE}: vectors[${i}].${f} is not a string`);
    }
    if (typeof v.matches !== "boolean") throw new Error(`${FILE}: vectors[${i}].matches is not a boolean`);
    return v as unknown as KeyVector;
  });
}

export const KEY_VECTORS: readonly KeyVector[] = Object.freeze(load());

export function keyVector(id: KeyVectorId): KeyVector {
  const v = KEY_VECTORS.find((x) => x.id === id);
  if (!v) throw new Error(`no key vector "${id}" in ${FILE}`);
  return v;
}

/** The vector's key as a CustomerKey (its stated MD5 is in `keyVector(id).md5Base64`). */
export function vectorKey(id: KeyVectorId): CustomerKey {
  return keyFromBase64(keyVector(id).keyBase64);
}
