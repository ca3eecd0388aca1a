/**
 * `serve` as a process of its own for the bench: exactly the code path of
 * `ssec-conformance serve` (serveMain), without the CLI's other commands, so node flags such as
 * --cpu-prof apply to the server alone. It stops on SIGTERM/SIGINT, and also when its stdin
 * closes, so a bench that dies never leaves a server behind. It then exits normally, which lets
 * node write a --cpu-prof profile.
 */
import { serveMain } from "../server/serve.ts";

const stop = new Promise<void>((resolve) => {
  process.once("SIGTERM", () => resolve());
  process.once("SIGINT", () => resolve());
  process.stdin.once("close", () => resolve());
  process.stdin.resume();
});

process.exitCode = await serveMain(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  stopSignal: stop,
});
process.stdin.destroy();
