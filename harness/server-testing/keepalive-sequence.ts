/**
 * PUT SSE-C / GET / PUT plain / GET, again and again, on ONE keep-alive connection, as a plain
 * node:https client does it (one `https.Agent({ keepAlive: true, maxSockets: 1 })`, SigV4 with
 * UNSIGNED-PAYLOAD): the traffic of issue 18 item 1 (a body lost after a streamed GET). The ways
 * such clients differ are options: how the body is written (one `end(body)`, 64 KiB `write`s with
 * backpressure, `pipe`), `Expect: 100-continue`, and whether the next request is queued from the
 * previous response's 'end' handler (the Agent reuses the socket at once) or a tick later.
 *
 * Test and bench support only: used by harness/server/keep-alive.test.ts and
 * harness/bench/keepalive-soak.ts.
 */
import * as https from "node:https";
import { Readable } from "node:stream";
import { newKey, payload, signRequest, ssecHeaders, type Creds } from "./s3-requests.ts";

export type WriteMode = "end" | "chunks" | "pipe";
export type ChainMode = "in-end" | "next-tick";

export interface SequenceOptions {
  size: number;
  sequences: number;
  write?: WriteMode;
  expectContinue?: boolean;
  chain?: ChainMode;
  bucket?: string;
}

export interface Target extends Creds {
  endpoint: string;
  caPem: string;
}

/** One request that did not end as expected (200, socket reused, body whole). */
export interface StepFailure {
  sequence: number;
  step: string;
  /** HTTP status, or 0 when the request failed without an answer. */
  status: number;
  /** S3 error code from the answer, or the socket error's code (ECONNRESET…). */
  code: string;
  /** Milliseconds from the start of the request to its failure. */
  ms: number;
  reused: boolean;
}

export interface SequenceResult {
  requests: number;
  failures: StepFailure[];
  ms: number;
}

const CHUNK = 64 * 1024;

interface Step {
  name: string;
  method: "PUT" | "GET";
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
  expect?: Buffer;
}

interface Outcome {
  status: number;
  code: string;
  ms: number;
  /** The connection the request went out on (reuse is judged by identity: the Agent does not set
   * `reusedSocket` when it hands a freed socket to a request that was waiting for one). */
  socket: object | undefined;
  whole: boolean;
}

function writeBody(req: import("node:http").ClientRequest, body: Buffer, mode: WriteMode): void {
  if (mode === "end") {
    req.end(body);
    return;
  }
  if (mode === "pipe") {
    const parts: Buffer[] = [];
    for (let at = 0; at < body.length; at += CHUNK) parts.push(body.subarray(at, at + CHUNK));
    Readable.from(parts, { objectMode: false }).pipe(req);
    return;
  }
  let at = 0;
  const more = (): void => {
    while (at < body.length) {
      const part = body.subarray(at, at + CHUNK);
      at += part.length;
      if (!req.write(part)) {
        req.once("drain", more);
        return;
      }
    }
    req.end();
  };
  more();
}

/** Sends one step; `done` is called from the response's 'end' handler (or on error), synchronously. */
function send(
  agent: https.Agent,
  base: URL,
  ca: string,
  step: Step,
  opts: Required<Pick<SequenceOptions, "write" | "expectContinue">>,
  done: (o: Outcome) => void,
): void {
  const started = performance.now();
  let settled = false;
  const finish = (o: Omit<Outcome, "ms">) => {
    if (settled) return;
    settled = true;
    done({ ...o, ms: performance.now() - started });
  };
  let socket: object | undefined;
  const req = https.request(
    {
      method: step.method,
      host: base.hostname,
      port: base.port,
      path: step.path,
      headers: step.headers,
      ca,
      servername: "localhost",
      agent,
    },
    (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("error", (e: NodeJS.ErrnoException) =>
        finish({ status: res.statusCode ?? 0, code: e.code ?? e.message, socket, whole: false }),
      );
      res.on("end", () => {
        const b = Buffer.concat(chunks);
        const status = res.statusCode ?? 0;
        const code = status === 200 ? "" : (/<Code>([^<]*)<\/Code>/.exec(b.toString("utf8"))?.[1] ?? "");
        finish({ status, code, socket, whole: step.expect ? b.equals(step.expect) : true });
      });
    },
  );
  req.on("error", (e: NodeJS.ErrnoException) => finish({ status: 0, code: e.code ?? e.message, socket, whole: false }));
  req.once("socket", (s) => (socket = s));
  if (!step.body) {
    req.end();
  } else if (opts.expectContinue) {
    req.once("continue", () => writeBody(req, step.body!, opts.write));
  } else {
    writeBody(req, step.body, opts.write);
  }
}

async function signSteps(target: Target, host: string, steps: Omit<Step, "headers">[], base: Record<string, string>[]) {
  return Promise.all(
    steps.map(async (s, i) => ({
      ...s,
      headers: await signRequest(target, host, {
        method: s.method,
        path: s.path,
        headers: base[i],
        payloadHash: "UNSIGNED-PAYLOAD",
      }),
    })),
  );
}

/**
 * Creates `bucket` then runs `sequences` × (PUT SSE-C, GET with the key, PUT plain, GET) on one
 * connection of a fresh Agent, each step queued as `chain` says. Every step must answer 200 on the
 * reused socket with the whole body; anything else is a StepFailure (the run goes on after one, on
 * whatever connection the Agent then has).
 */
export async function runSequences(target: Target, o: SequenceOptions): Promise<SequenceResult> {
  const opts = { write: o.write ?? "end", expectContinue: o.expectContinue ?? false };
  const chain = o.chain ?? "in-end";
  const bucket = o.bucket ?? "keep-alive";
  const base = new URL(target.endpoint);
  const agent = new https.Agent({ keepAlive: true, maxSockets: 1 });
  const failures: StepFailure[] = [];
  const started = performance.now();
  let requests = 0;
  try {
    const [mb] = await signSteps(target, base.host, [{ name: "create", method: "PUT", path: `/${bucket}` }], [{}]);
    const first = await new Promise<object | undefined>((resolve) =>
      send(agent, base, target.caPem, mb, opts, (r) => resolve(r.socket)),
    );
    const data = payload(o.size, o.size);
    const bodyHeaders = {
      "content-length": String(o.size),
      ...(opts.expectContinue ? { expect: "100-continue" } : {}),
    };
    // All four steps of a sequence are signed before it starts, so that a step can be queued
    // synchronously from the previous answer's 'end' handler.
    const signed: Step[][] = [];
    for (let i = 0; i < o.sequences; i++) {
      const k = ssecHeaders(newKey());
      signed.push(
        await signSteps(
          target,
          base.host,
          [
            { name: "put-ssec", method: "PUT", path: `/${bucket}/enc`, body: data },
            { name: "get-ssec", method: "GET", path: `/${bucket}/enc`, expect: data },
            { name: "put-plain", method: "PUT", path: `/${bucket}/plain`, body: data },
            { name: "get-plain", method: "GET", path: `/${bucket}/plain`, expect: data },
          ],
          [{ ...k, ...bodyHeaders }, k, bodyHeaders, {}],
        ),
      );
    }
    const steps = signed.flatMap((s, i) => s.map((step) => ({ step, sequence: i })));
    let previous = first;
    await new Promise<void>((resolve) => {
      const next = (n: number): void => {
        if (n === steps.length) return resolve();
        const { step, sequence } = steps[n];
        requests++;
        send(agent, base, target.caPem, step, opts, (r) => {
          const reused = r.socket !== undefined && r.socket === previous;
          previous = r.socket;
          if (r.status !== 200 || !reused || !r.whole)
            failures.push({
              sequence,
              step: step.name,
              status: r.status,
              code: r.code || (r.whole ? (reused ? "" : "new-socket") : "body-differs"),
              ms: Math.round(r.ms),
              reused,
            });
          if (chain === "in-end") next(n + 1);
          else setImmediate(() => next(n + 1));
        });
      };
      next(0);
    });
  } finally {
    agent.destroy();
  }
  return { requests, failures, ms: Math.round(performance.now() - started) };
}
