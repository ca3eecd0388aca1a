/** Results named on the command line (`diff`, `matrix`): a results.json file or a report directory holding one. */
import { existsSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { ConfigError } from "../config/config-error.ts";
import { parseResultsFile, type ResultsFile } from "../report/results.ts";

export interface NamedResults {
  /** As given on the command line. */
  arg: string;
  results: ResultsFile;
}

/** Reads one argument; a problem is a ConfigError that names the argument. */
export function readResultsArg(arg: string, cwd = process.cwd()): NamedResults | ConfigError {
  const path = resolve(cwd, arg);
  if (!existsSync(path)) return new ConfigError(`"${arg}"`, "no such file or directory");
  const file = statSync(path).isDirectory() ? join(path, "results.json") : path;
  if (!existsSync(file)) return new ConfigError(`"${arg}"`, "is a directory without results.json");
  try {
    return { arg, results: parseResultsFile(readFileSync(file, "utf8"), arg) };
  } catch (e) {
    return new ConfigError(`"${arg}"`, (e as Error).message.replace(`${arg}: `, ""));
  }
}

/** `--baseline`'s results, read before any check runs; a problem names `--baseline` and the file. */
export function readBaselineArg(arg: string, cwd = process.cwd()): NamedResults | ConfigError {
  const r = readResultsArg(arg, cwd);
  return r instanceof ConfigError ? new ConfigError("--baseline", `${r.setting}: ${r.reason}`) : r;
}

/** Every argument, or the first problem. */
export function readResultsArgs(args: readonly string[], cwd = process.cwd()): NamedResults[] | ConfigError {
  const out: NamedResults[] = [];
  for (const a of args) {
    const r = readResultsArg(a, cwd);
    if (r instanceof ConfigError) return r;
    out.push(r);
  }
  return out;
}

/** `aws @ https://127.0.0.1:4567 (0.4.0)`: a run's default column name. */
export function defaultRunName(r: Pick<ResultsFile, "profile" | "target" | "version">): string {
  return `${r.profile} @ ${r.target.split(" ")[0]} (${r.version})`;
}
