/**
 * The generator kind of a property's case: which variant of the arbitrary produced it (the bad
 * key-MD5's kind, the wrong key's kind, the subset of headers sent, the copy combination), and
 * where it was sent. A failing property reports every kind that fails, not only the first
 * counterexample (property.ts). The same variants the coverage examples enumerate.
 */
import { BadMd5Case, CopyCase, WrongKeyCase, describeCombination } from "../ssec/arbitraries/index.ts";

function labelOf(v: unknown): string | undefined {
  if (v instanceof BadMd5Case) return `bad key-MD5 ${v.kind}`;
  if (v instanceof WrongKeyCase) return `wrong key ${v.kind}`;
  if (v instanceof CopyCase) return describeCombination(v.combination);
  return undefined;
}

/** The kind of a generated case, or undefined when it has none the kit knows. */
export function propertyKind(value: unknown): string | undefined {
  const own = labelOf(value);
  if (own) return own;
  if (typeof value !== "object" || value === null) return undefined;
  const parts: string[] = [];
  for (const [field, v] of Object.entries(value as Record<string, unknown>)) {
    const label = labelOf(v);
    if (label) parts.push(label);
    else if (field === "present" && Array.isArray(v)) parts.push(`only [${v.join(", ")}]`);
    else if (field === "where" && typeof v === "string") parts.push(`in the ${v} trio`);
  }
  return parts.length ? parts.join(", ") : undefined;
}
