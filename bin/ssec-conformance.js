#!/usr/bin/env node
// Entry point: the harness is TypeScript, run through tsx's loader so the package needs no build step.
import { register } from "tsx/esm/api";

// A run loads vitest's node API, undici and the allure reporter: plain JavaScript that needs no
// transform, but through the loader's hooks each of their modules costs a round trip to the
// loader thread (about 2 s per run). Loaded first, they are in the module cache before the hooks.
const [command] = process.argv.slice(2);
const help = process.argv.slice(2).some((a) => a === "--help" || a === "-h" || a === "--version");
if (!help && (command === undefined || command === "run" || command.startsWith("-"))) {
  await Promise.all([
    import("vitest/node"),
    import("allure-vitest/reporter"),
    import("undici"),
    import("@smithy/signature-v4"),
    import("fast-xml-parser"),
  ]);
}
register();
await import("../harness/cli.ts");
