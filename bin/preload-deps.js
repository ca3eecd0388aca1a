// The plain-JavaScript dependencies a run loads (vitest's node API, the allure reporter, undici,
// the SigV4 signer, the XML parser). They need no transform, but through tsx's hooks each of their
// modules costs a round trip to the loader thread (about 2 s per run): loaded before the hooks are
// registered, they are in the module cache when the harness imports them. Imported by
// ssec-conformance.js for a run, and given to node as `--import` before tsx by the self-test's
// child processes.
await Promise.all([
  import("vitest/node"),
  import("allure-vitest/reporter"),
  import("undici"),
  import("@smithy/signature-v4"),
  import("fast-xml-parser"),
]);
