/**
 * Key hygiene (issue 8): after a full conformance run (the real CLI) against `serve --data-dir`,
 * no stored file, no server log line and no report file contains a customer key the run sent,
 * raw, base64 or hex. The keys are the ones that actually crossed the wire: the run talks to the
 * server through a TLS tee (fixture certificate) that collects every `…customer-key` value from
 * the request bytes, headers and POST form fields alike. A control run against the `key-at-rest`
 * fault proves the scan finds a key that was stored.
 *
 * And statically: every signature and MAC comparison in the server is constant-time.
 */
import { spawn } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { createServer as createNetServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { connect as tlsConnect, createServer as createTlsServer, type TLSSocket } from "node:tls";
import { fileURLToPath } from "node:url";
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { clientForServer } from "../../client/server-client.ts";
import { TLS_FILES } from "../../server/index.ts";
import { serveProcess, type ServedProcess } from "./serve-process.ts";
import { ssecHeaders } from "./support.ts";

const REPO = fileURLToPath(new URL("../../../", import.meta.url));
const SERVER_SRC = fileURLToPath(new URL("../../server/", import.meta.url));

/** A TLS front that forwards to `upstream` and collects every customer key sent through it. */
async function keyTee(
  upstream: ServedProcess,
): Promise<{ endpoint: string; keys: Set<string>; close(): Promise<void> }> {
  const [cert, key, ca] = await Promise.all([
    readFile(TLS_FILES.cert),
    readFile(TLS_FILES.key),
    readFile(upstream.caFile),
  ]);
  const up = new URL(upstream.endpoint);
  const keys = new Set<string>();
  // Header (`…-customer-key: V`) or form field (`name="…-customer-key"\r\n\r\nV`); both dialects, copy-source too.
  const pattern =
    /server-side-encryption-customer-key(?:"[^\r\n]*\r\n(?:[^\r\n]+\r\n)*\r\n|\s*:\s*)([A-Za-z0-9+/=_-]{16,})/gi;
  const sockets = new Set<TLSSocket>();
  const server = createTlsServer({ cert, key }, (client) => {
    const upstreamSocket = tlsConnect({ host: up.hostname, port: Number(up.port), ca, servername: "localhost" });
    sockets.add(client).add(upstreamSocket);
    let tail = "";
    client.on("data", (c: Buffer) => {
      // Scan with a little overlap so a value split across two reads is still seen.
      const text = tail + c.toString("latin1");
      for (const m of text.matchAll(pattern)) keys.add(m[1]);
      tail = text.slice(-400);
    });
    client.pipe(upstreamSocket).pipe(client);
    const end = () => {
      client.destroy();
      upstreamSocket.destroy();
    };
    client.on("error", end).on("close", end);
    upstreamSocket.on("error", end).on("close", end);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    endpoint: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    keys,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

/** Every form in which a key could land in a file: base64 as sent, raw bytes, hex, base64url. */
function needles(keyB64: string): Buffer[] {
  const raw = Buffer.from(keyB64, "base64");
  const out = [Buffer.from(keyB64)];
  if (raw.length >= 16) out.push(raw, Buffer.from(raw.toString("hex")), Buffer.from(raw.toString("base64url")));
  return out;
}

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true }))
    if (e.isFile()) out.push(join(e.parentPath, e.name));
  return out;
}

/**
 * The run deletes what it stored when it ends, so stored files are scanned while it runs: the
 * data directory is walked every 25 ms and each new or changed file is read and searched for the
 * keys seen so far (a key crosses the wire before anything derived from it is written). Polling,
 * not fs.watch: recursive inotify watching in Node 20 stalled on this tree.
 */
function watchStored(
  dataDir: string,
  keys: Set<string>,
): { stop(): Promise<void>; files: () => number; hits: string[] } {
  const versions = new Map<string, string>();
  const hits: string[] = [];
  let files = 0;
  let running = true;
  const sweep = async () => {
    let entries;
    try {
      entries = await readdir(dataDir, { withFileTypes: true, recursive: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (!e.isFile()) continue;
      const path = join(e.parentPath, e.name);
      try {
        const st = await stat(path);
        const version = `${st.size}:${st.mtimeMs}`;
        if (versions.get(path) === version) continue;
        versions.set(path, version);
        const content = await readFile(path);
        files++;
        for (const k of keys)
          if (needles(k).some((n) => content.includes(n)))
            hits.push(`${relative(dataDir, path)}: key ${k.slice(0, 6)}…`);
      } catch {
        // removed between the listing and the read
      }
    }
  };
  const loop = (async () => {
    while (running) {
      await sweep();
      await new Promise((r) => setTimeout(r, 25));
    }
    await sweep();
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
    },
    files: () => files,
    hits,
  };
}

/** Files (and the log) that contain any of the keys, as `file: key…`. */
async function scan(
  keys: Set<string>,
  dirs: string[],
  texts: Record<string, string>,
): Promise<{ hits: string[]; files: number; bytes: number }> {
  const all = [...keys].map((k) => ({ k, forms: needles(k) }));
  const hits: string[] = [];
  let files = 0;
  let bytes = 0;
  const check = (name: string, content: Buffer) => {
    files++;
    bytes += content.length;
    for (const { k, forms } of all)
      if (forms.some((n) => content.includes(n))) hits.push(`${name}: key ${k.slice(0, 6)}…`);
  };
  for (const dir of dirs) for (const f of await filesUnder(dir)) check(relative(tmpdir(), f), await readFile(f));
  for (const [name, text] of Object.entries(texts)) check(name, Buffer.from(text, "utf8"));
  return { hits, files, bytes };
}

function runCli(args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(REPO, "bin/ssec-conformance.js"), ...args], {
      cwd: REPO,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, NO_COLOR: "1" },
    });
    let out = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr.on("data", (c: Buffer) => (out += c.toString()));
    child.on("exit", (code) => resolve({ code, out }));
  });
}

describe("customer keys after a full run against serve --data-dir", () => {
  it("are in no stored file, no server log line and no report file", async () => {
    const root = await mkdtemp(join(tmpdir(), "ssec-keys-"));
    const dataDir = join(root, "data");
    const reportDir = join(root, "report");
    const served = await serveProcess(["--data-dir", dataDir]);
    const tee = await keyTee(served);
    const live = watchStored(dataDir, tee.keys);
    try {
      const run = await runCli([
        "run",
        "--endpoint",
        tee.endpoint,
        "--ca",
        served.caFile,
        "--access-key",
        served.accessKey,
        "--secret-key",
        served.secretKey,
        "--report-dir",
        reportDir,
        "--concurrency",
        "2",
      ]);
      const verdict = run.out.split("\n").find((l) => /checks —/.test(l)) ?? run.out.slice(-500);
      expect(run.code, run.out.slice(-3000)).toBe(0);
      await live.stop();
      const { hits, files, bytes } = await scan(tee.keys, [dataDir, reportDir], {
        "serve stderr (request log)": served.stderr(),
        "CLI output": run.out,
      });
      console.log(
        `key hygiene: ${verdict.trim()}; ${tee.keys.size} distinct customer-key values crossed the wire; ` +
          `${live.files()} stored files read while the run wrote them, then ${files} report files and logs (${(bytes / 1e6).toFixed(1)} MB), ` +
          `each searched for every key raw, base64, base64url and hex: ${live.hits.length + hits.length} hits`,
      );
      expect(tee.keys.size).toBeGreaterThan(20);
      expect(live.files()).toBeGreaterThan(100);
      expect([...live.hits, ...hits]).toEqual([]);
    } finally {
      await live.stop();
      await tee.close();
      await served.stop();
      await rm(root, { recursive: true, force: true });
    }
  }, 300_000);

  it("finds a key that was stored (control: the key-at-rest fault)", async () => {
    const root = await mkdtemp(join(tmpdir(), "ssec-keys-control-"));
    const served = await serveProcess(["--data-dir", join(root, "data"), "--fault", "key-at-rest"]);
    const tee = await keyTee(served);
    const live = watchStored(join(root, "data"), tee.keys);
    const client = clientForServer({ ...served, endpoint: tee.endpoint, caPem: await readFile(served.caFile, "utf8") });
    try {
      const key = randomBytes(32);
      expect((await client.send({ method: "PUT", bucket: "control" })).status).toBe(200);
      expect(
        (await client.send({ method: "PUT", bucket: "control", key: "k", body: "x", headers: ssecHeaders(key) }))
          .status,
      ).toBe(200);
      expect([...tee.keys]).toEqual([key.toString("base64")]);
      await live.stop();
      const { hits } = await scan(tee.keys, [join(root, "data")], {});
      expect(hits.length).toBeGreaterThan(0);
      expect(live.hits.length).toBeGreaterThan(0); // the live watch sees it too
    } finally {
      await live.stop();
      await client.close();
      await tee.close();
      await served.stop();
      await rm(root, { recursive: true, force: true });
    }
  }, 60_000);
});

describe("constant-time comparisons in the server (static)", () => {
  async function serverSources(): Promise<{ file: string; text: string }[]> {
    const files = (await filesUnder(SERVER_SRC)).map((f) => relative(SERVER_SRC, f));
    const source = files.filter((f) => f.endsWith(".ts") && !/\.test\.ts$/.test(f));
    return Promise.all(source.map(async (file) => ({ file, text: await readFile(join(SERVER_SRC, file), "utf8") })));
  }

  it("compares SigV4 signatures (header, presigned, chunk, trailer, POST policy) only through signaturesEqual, which uses timingSafeEqual", async () => {
    const src = await serverSources();
    const signingKey = src.find((s) => s.file === "auth/signing-key.ts")!.text;
    const body = /export function signaturesEqual[\s\S]*?\n}/.exec(signingKey)![0];
    expect(body).toMatch(/timingSafeEqual\(/);
    const users = src
      .filter((s) => /signaturesEqual\(/.test(s.text) && s.file !== "auth/signing-key.ts")
      .map((s) => s.file)
      .sort();
    expect(users).toEqual(["auth/aws-chunked.ts", "auth/post-policy.ts", "auth/signed-request.ts"]);
  });

  it("checks the customer key's salted MAC with timingSafeEqual", async () => {
    const sealed = (await serverSources()).find((s) => s.file === "crypto/sealed-key.ts")!.text;
    expect(sealed.match(/timingSafeEqual\(macOf\(/g)?.length).toBeGreaterThanOrEqual(2); // unseal and key check
  });

  it("has no ===, !==, .equals() or Buffer.compare() between two secret-derived values", async () => {
    // A comparison whose both sides name a signature, MAC, HMAC, tag or digest; `=== undefined`,
    // literals and CONSTANTS are fine (they test presence or a mode, not a secret).
    const secretish = /(sig(nature)?|\bmac\b|hmac|\btag\b|digest|expected)/i;
    const suspicious: string[] = [];
    for (const { file, text } of await serverSources()) {
      text.split("\n").forEach((line, i) => {
        const code = line.replace(/\/\/.*$|^\s*\*.*$/, "");
        for (const m of code.matchAll(
          /([\w.[\]()]+)\s*(?:===|!==)\s*([\w.[\]()"'`]+)|([\w.[\]()]+)\.equals\(([^)]*)\)|Buffer\.compare\(([^,]+),([^)]+)\)/g,
        )) {
          const [a, b] = [m[1] ?? m[3] ?? m[5], m[2] ?? m[4] ?? m[6]].map((x) => x.trim());
          const trivial = (x: string) =>
            /^(undefined|null|true|false|\d+|["'`].*|[A-Z][A-Z0-9_]*)$/.test(x) || /\.length$/.test(x);
          if (secretish.test(a) && secretish.test(b) && !trivial(a) && !trivial(b))
            suspicious.push(`${file}:${i + 1}: ${line.trim()}`);
        }
      });
    }
    expect(suspicious).toEqual([]);
  });
});
