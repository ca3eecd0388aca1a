/**
 * `--update-profile FILE`: the ratchet's other half. Writes the run's failures as declared
 * deviations into FILE, for a human to review and commit (undici's expectation.json habit).
 * An existing FILE keeps everything it has; failures not yet declared are added. A new
 * FILE extends the profile the run used. A deviation replaces the inherited one for its id, so
 * an inherited status/code override is copied into the new entry.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, isAbsolute, relative, resolve } from "node:path";
import type { Deviation } from "../checks/types.ts";
import type { ResultsFile } from "./results.ts";
import { writeJson } from "./redacted-files.ts";
import { firstLine } from "./junit.ts";

export interface ProfileUpdate {
  added: string[];
  /** Checks the file declares failing that passed (xpass): candidates for removal, listed not removed. */
  nowPassing: string[];
}

interface ProfileFileShape {
  extends?: string;
  deviations?: Record<string, { expect?: string; reason?: string; [k: string]: unknown }>;
  [k: string]: unknown;
}

/**
 * `profileArg` is what the run was given (`aws` or a path); a path is rewritten relative to FILE so
 * the new file's `extends` resolves from where it lives.
 */
export function updateProfileFile(
  file: string,
  profileArg: string,
  results: ResultsFile,
  /** The deviation the run's profile already has for a check (status/code overrides are kept). */
  inherited: (id: string) => Deviation | undefined = () => undefined,
  cwd = process.cwd(),
): ProfileUpdate {
  const abs = resolve(cwd, file);
  let data: ProfileFileShape;
  if (existsSync(abs)) {
    data = JSON.parse(readFileSync(abs, "utf8")) as ProfileFileShape;
  } else {
    const isPath = profileArg.includes("/") || profileArg.endsWith(".json");
    const ext = isPath ? relative(dirname(abs), resolve(cwd, profileArg)) : profileArg;
    data = { extends: isPath && !ext.startsWith(".") && !isAbsolute(ext) ? `./${ext}` : ext };
  }
  const deviations = (data.deviations ??= {});
  const added: string[] = [];
  for (const c of results.checks) {
    if (c.status !== "fail" || deviations[c.id]) continue;
    deviations[c.id] = {
      ...inherited(c.id),
      expect: "fail",
      reason: `TODO: explain or fix. Failed on ${results.startedAt.slice(0, 10)} against ${results.target}: ${firstLine(c)}`,
    };
    added.push(c.id);
  }
  const nowPassing = results.checks.filter((c) => c.status === "xpass").map((c) => c.id);
  writeJson(abs, data);
  return { added, nowPassing };
}
