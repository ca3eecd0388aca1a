/**
 * Every file the report writes goes through here, and through redact() on the way: the one place
 * where bytes reach the disk.
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { redact } from "../secrets/redact.ts";

export function writeRedacted(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, redact(text));
}

export function writeJson(path: string, data: unknown): void {
  writeRedacted(path, `${JSON.stringify(data, null, 2)}\n`);
}

/**
 * Redacts files written by others (allure-vitest's results, Allure's HTML) in place. Read as
 * latin1 so any byte sequence survives unchanged except the redacted spans (the markers are ASCII).
 */
export function redactFileInPlace(path: string): boolean {
  const before = readFileSync(path).toString("latin1");
  const after = redact(before);
  if (after === before) return false;
  writeFileSync(path, Buffer.from(after, "latin1"));
  return true;
}

/** redactFileInPlace over every file under dir; returns how many files changed. */
export function redactTree(dir: string): number {
  let changed = 0;
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return 0;
  }
  for (const name of entries) {
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) changed += redactTree(p);
    else if (st.isFile() && redactFileInPlace(p)) changed++;
  }
  return changed;
}
