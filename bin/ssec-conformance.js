#!/usr/bin/env node
// Entry point: the harness is TypeScript, run through tsx's loader so the package needs no build step.
import { register } from "tsx/esm/api";

const [command] = process.argv.slice(2);
const help = process.argv.slice(2).some((a) => a === "--help" || a === "-h" || a === "--version");
if (!help && (command === undefined || command === "run" || command.startsWith("-"))) await import("./preload-deps.js");
register();
await import("../harness/cli.ts");
