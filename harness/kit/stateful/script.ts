/**
 * The standalone reproduction of a failing stateful sequence: one node script, built-ins only
 * (its own short SigV4 signer, no packages), that sends the same requests to any endpoint and
 * exits 1 at the first answer that differs from the model's, 0 when every answer is as
 * expected. Customer keys are read from the environment (SSEC_KEY_A, SSEC_KEY_B, SSEC_KEY_C:
 * base64 of 32 bytes) or made at random in memory; they are never written into the script.
 * Bodies are regenerated from the run's seed with the kit's own generator (payload.ts), so
 * expected bytes are compared by SHA-256.
 */
import { createHash } from "node:crypto";
import type { Call, Trio } from "../../checks/stateful/model.ts";
import type { Expectation } from "../../checks/types.ts";
import type { Dialect } from "../../ssec/index.ts";
import type { CheckContext } from "../types.ts";
import { bytesOf, describeCall } from "./execute.ts";

export interface ScriptInput {
  id: string;
  seed: number;
  dialect: Dialect;
  calls: readonly Call[];
  /** Resolves the profile's named expectations (the check's context). */
  profile: Pick<CheckContext, "expectation">;
}

interface ScriptExpect {
  status: number[];
  /** Refusals: one of these (code null: no body to compare). */
  options?: { status: number; code: string | null; exact: string }[];
  sha256?: string;
  length?: number;
  parts?: readonly number[];
}

function expectOf(c: Call, seed: number, profile: ScriptInput["profile"]): ScriptExpect {
  const e = c.expect;
  const head = c.op === "HEAD";
  if (e.kind === "gone")
    return { status: [404], options: [{ status: 404, code: head ? null : e.code, exact: "MUST" }] };
  if (e.kind === "refused") {
    const options = e.names.map((n) => {
      const x: Expectation = profile.expectation(n);
      return {
        status: x.status,
        code: head || x.code === undefined ? null : (x.code ?? null),
        exact: x.exact ?? "MUST",
      };
    });
    return { status: [...new Set(options.map((o) => o.status))], options };
  }
  const out: ScriptExpect = { status: [...e.status] };
  if (e.body) out.sha256 = createHash("sha256").update(bytesOf(seed, e.body)).digest("hex");
  if (e.length !== undefined) out.length = e.length;
  if (e.parts) out.parts = e.parts;
  return out;
}

const trioData = (t: Trio | undefined) => t ?? { kind: "none" };

export function standaloneScript(input: ScriptInput): string {
  const steps = input.calls.map((c) => ({
    text: describeCall(c),
    op: c.op,
    name: c.name,
    trio: trioData(c.trio),
    ...(c.from ? { from: c.from, source: trioData(c.source) } : {}),
    ...(c.range ? { range: c.range } : {}),
    ...(c.partNumber !== undefined ? { partNumber: c.partNumber } : {}),
    ...(c.upload !== undefined ? { upload: c.upload } : {}),
    ...(c.body ? { body: c.body } : {}),
    ...(c.completeParts ? { completeParts: c.completeParts } : {}),
    expect: expectOf(c, input.seed, input.profile),
  }));
  return `#!/usr/bin/env node
// Reproduces the failing sequence of ${input.id} (ssec-conformance), ${steps.length} request(s).
// Plain node (18+), no packages. Usage:
//   SSEC_ENDPOINT=https://s3.example.com SSEC_BUCKET=an-existing-bucket \\
//   AWS_ACCESS_KEY_ID=... AWS_SECRET_ACCESS_KEY=... [AWS_REGION=us-east-1] \\
//   [SSEC_CA=ca.pem | SSEC_INSECURE=1] [SSEC_KEY_A=<base64 of 32 bytes> SSEC_KEY_B=... SSEC_KEY_C=...] \\
//   node ${input.id}.mjs
// Keys A, B and C only need to be three distinct keys; unset ones are made at random for this run.
// Exit status: 0 every answer as expected, 1 an answer differs (the step is printed), 2 set-up error.
import { createCipheriv, createHash, createHmac, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { request } from "node:https";

const SEED = ${input.seed};
const DIALECT = ${JSON.stringify(input.dialect)};
const STEPS = ${JSON.stringify(steps, null, 1)};

const { env } = process;
const need = (n) => env[n] || (console.error(\`set \${n}\`), process.exit(2));
const endpoint = new URL(need("SSEC_ENDPOINT"));
const bucket = need("SSEC_BUCKET");
const accessKey = need("AWS_ACCESS_KEY_ID");
const secretKey = need("AWS_SECRET_ACCESS_KEY");
const region = env.AWS_REGION || "us-east-1";
const tls = env.SSEC_INSECURE === "1" ? { rejectUnauthorized: false } : env.SSEC_CA ? { ca: readFileSync(env.SSEC_CA) } : {};
const keys = {};
for (const k of ["A", "B", "C"]) {
  keys[k] = env["SSEC_KEY_" + k] ? Buffer.from(env["SSEC_KEY_" + k], "base64") : randomBytes(32);
  if (keys[k].length !== 32) (console.error(\`SSEC_KEY_\${k} is not 32 bytes of base64\`), process.exit(2));
}
const prefix = \`ssec-repro/\${Date.now()}-\${randomBytes(4).toString("hex")}/\`;

// The tool's generated bodies: AES-256-CTR keystream under HMAC-SHA256 material of the seed and a label.
function payload(label, size) {
  const blocks = [];
  for (let i = 0; blocks.length * 32 < 48; i++)
    blocks.push(createHmac("sha256", \`ssec-conformance/key/\${SEED}\`).update(\`payload/\${label}#\${i}\`).digest());
  const m = Buffer.concat(blocks);
  return createCipheriv("aes-256-ctr", m.subarray(0, 32), m.subarray(32, 48)).update(Buffer.alloc(size));
}
const bytesOf = (slices = []) => Buffer.concat(slices.map((s) => payload(s.label, s.start + s.length).subarray(s.start)));

const md5b64 = (b) => createHash("md5").update(b).digest("base64");
function trio(t, copySource) {
  if (!t || t.kind === "none") return [];
  const k = keys[t.key];
  const p = \`x-\${DIALECT}-\${copySource ? "copy-source-" : ""}server-side-encryption-customer-\`;
  const all = [
    ["algorithm", p + "algorithm", "AES256"],
    ["key", p + "key", k.toString("base64")],
    ["md5", p + "key-MD5", t.kind === "bad-md5" ? md5b64(Buffer.from(k).reverse()) : md5b64(k)],
  ];
  return all.filter(([part]) => t.kind !== "partial" || t.present.includes(part)).map(([, n, v]) => [n, v]);
}

// SigV4 (header auth, path-style addressing, signed payload).
const sha256 = (b) => createHash("sha256").update(b).digest("hex");
const hmac = (k, s) => createHmac("sha256", k).update(s).digest();
const enc = (s) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());
function signingKey(day) {
  return hmac(hmac(hmac(hmac("AWS4" + secretKey, day), region), "s3"), "aws4_request");
}
function send(method, key, query, headers, body = Buffer.alloc(0)) {
  const path = "/" + enc(bucket) + (key === undefined ? "" : "/" + key.split("/").map(enc).join("/"));
  const qs = query.map(([k, v]) => [enc(k), enc(v)]).sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : 1)).map(([k, v]) => k + "=" + v).join("&");
  const now = new Date().toISOString().replace(/[-:]|\\.\\d{3}/g, "");
  const day = now.slice(0, 8);
  const h = new Map([["host", endpoint.host], ["x-amz-date", now], ["x-amz-content-sha256", sha256(body)]]);
  for (const [n, v] of headers) h.set(n.toLowerCase(), String(v).trim());
  h.set("content-length", String(body.length));
  const signed = [...h.keys()].filter((n) => n === "host" || n.startsWith("x-amz-") || n.startsWith("x-obs-") || n === "content-type").sort();
  const canonical = [method, path, qs, ...signed.map((n) => n + ":" + h.get(n)), "", signed.join(";"), h.get("x-amz-content-sha256")].join("\\n");
  const scope = \`\${day}/\${region}/s3/aws4_request\`;
  const toSign = ["AWS4-HMAC-SHA256", now, scope, sha256(canonical)].join("\\n");
  const sig = createHmac("sha256", signingKey(day)).update(toSign).digest("hex");
  h.set("authorization", \`AWS4-HMAC-SHA256 Credential=\${accessKey}/\${scope}, SignedHeaders=\${signed.join(";")}, Signature=\${sig}\`);
  return exchange(method, path + (qs ? "?" + qs : ""), h, body);
}
function exchange(method, path, headers, body) {
  return new Promise((resolve, reject) => {
    const req = request({ host: endpoint.hostname, port: endpoint.port || 443, method, path, headers: Object.fromEntries(headers), ...tls }, (res) => {
      const chunks = [];
      res.on("data", (d) => chunks.push(d));
      res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on("error", reject);
    req.end(body);
  });
}
// POST Object: a policy with an exact condition per field, signed with the same key.
function postForm(key, fields, file) {
  const now = new Date().toISOString().replace(/[-:]|\\.\\d{3}/g, "");
  const day = now.slice(0, 8);
  const all = [["key", key], ["x-amz-algorithm", "AWS4-HMAC-SHA256"], ["x-amz-credential", \`\${accessKey}/\${day}/\${region}/s3/aws4_request\`], ["x-amz-date", now], ...fields];
  const policy = Buffer.from(JSON.stringify({ expiration: new Date(Date.now() + 3600e3).toISOString(), conditions: [{ bucket }, ...all.map(([n, v]) => ({ [n]: v }))] })).toString("base64");
  all.push(["policy", policy], ["x-amz-signature", createHmac("sha256", signingKey(day)).update(policy).digest("hex")]);
  const b = "----ssec" + randomBytes(8).toString("hex");
  const parts = all.map(([n, v]) => Buffer.from(\`--\${b}\\r\\ncontent-disposition: form-data; name="\${n}"\\r\\n\\r\\n\${v}\\r\\n\`));
  const body = Buffer.concat([...parts, Buffer.from(\`--\${b}\\r\\ncontent-disposition: form-data; name="file"; filename="f"\\r\\n\\r\\n\`), file, Buffer.from(\`\\r\\n--\${b}--\\r\\n\`)]);
  const h = new Map([["host", endpoint.host], ["content-type", "multipart/form-data; boundary=" + b], ["content-length", String(body.length)]]);
  return exchange("POST", "/" + enc(bucket), h, body);
}

const uploads = [];
const etags = new Map();
const tag = (xml, name) => (new RegExp(\`<\${name}>([^<]*)</\${name}>\`).exec(xml) || [])[1];
async function run(s) {
  const key = prefix + s.name;
  const t = trio(s.trio, false);
  const up = s.upload !== undefined ? uploads[s.upload]?.id || "unknown" : undefined;
  const copySource = s.from ? [[\`x-\${DIALECT}-copy-source\`, "/" + bucket + "/" + (prefix + s.from).split("/").map(enc).join("/")]] : [];
  switch (s.op) {
    case "PUT": return send("PUT", key, [], t, bytesOf(s.body));
    case "POST": return postForm(key, t, bytesOf(s.body));
    case "COPY": return send("PUT", key, [], [...copySource, ...trio(s.source, true), ...t]);
    case "HEAD":
    case "GET": {
      const extra = s.range ? [["range", \`bytes=\${s.range.first}-\${s.range.last}\`]] : [];
      return send(s.op, key, s.partNumber !== undefined ? [["partNumber", String(s.partNumber)]] : [], [...t, ...extra]);
    }
    case "DELETE": return send("DELETE", key, [], []);
    case "INITIATE": {
      const r = await send("POST", key, [["uploads", ""]], t);
      if (r.status === 200 && s.upload !== undefined) uploads[s.upload] = { id: tag(r.body.toString(), "UploadId"), key };
      return r;
    }
    case "UPLOAD-PART":
    case "UPLOAD-PART-COPY": {
      const q = [["partNumber", String(s.partNumber)], ["uploadId", up]];
      const r = s.op === "UPLOAD-PART"
        ? await send("PUT", key, q, t, bytesOf(s.body))
        : await send("PUT", key, q, [...copySource, ...(s.range ? [[\`x-\${DIALECT}-copy-source-range\`, \`bytes=\${s.range.first}-\${s.range.last}\`]] : []), ...t, ...trio(s.source, true)]);
      if (r.status === 200) etags.set(\`\${s.upload}/\${s.partNumber}\`, s.op === "UPLOAD-PART" ? r.headers.etag : tag(r.body.toString(), "ETag").replace(/&quot;/g, '"'));
      return r;
    }
    case "COMPLETE": {
      const xml = "<CompleteMultipartUpload>" + s.completeParts.map((n) => \`<Part><PartNumber>\${n}</PartNumber><ETag>\${etags.get(\`\${s.upload}/\${n}\`) || '"0"'}</ETag></Part>\`).join("") + "</CompleteMultipartUpload>";
      return send("POST", key, [["uploadId", up]], [["content-type", "application/xml"]], Buffer.from(xml));
    }
    case "ABORT": return send("DELETE", key, [["uploadId", up]], []);
    case "LIST-PARTS": return send("GET", key, [["uploadId", up]], []);
  }
}

function verdict(s, r) {
  const e = s.expect;
  const code = tag(r.body.toString(), "Code");
  const got = \`\${r.status}\${code ? " " + code : ""}\`;
  if (!e.status.includes(r.status)) return { ok: false, got };
  if (e.options) {
    const match = e.options.find((o) => o.status === r.status && (o.code === null || o.code === code));
    if (match) return { ok: true, got };
    return e.options.some((o) => o.exact === "SHOULD") ? { ok: true, got, note: "the status is the refusal required; the code differs (a SHOULD)" } : { ok: false, got };
  }
  if (s.op === "COMPLETE" && !/<CompleteMultipartUploadResult[\\s>]/.test(r.body.toString())) return { ok: false, got: got + " with an <Error> body" };
  if (e.sha256 && sha256(r.body) !== e.sha256) return { ok: false, got: \`\${got} with \${r.body.length} bytes that are not the ones written\` };
  if (e.length !== undefined && r.headers["content-length"] !== String(e.length)) return { ok: false, got: \`\${got}, Content-Length \${r.headers["content-length"]}\` };
  if (e.parts) {
    const listed = [...r.body.toString().matchAll(/<PartNumber>(\\d+)<\\/PartNumber>/g)].map((m) => Number(m[1]));
    if (listed.join(",") !== e.parts.join(",")) return { ok: false, got: \`\${got}, parts [\${listed.join(", ")}]\` };
  }
  return { ok: true, got };
}

const describe = (e) => e.options ? e.options.map((o) => o.status + (o.code ? " " + o.code : "")).join(" or ") : e.status.join(" or ") + (e.length !== undefined ? \`, Content-Length \${e.length}\` : "") + (e.parts ? \`, parts [\${e.parts.join(", ")}]\` : "");
let failed = false;
for (const [i, s] of STEPS.entries()) {
  let r;
  try {
    r = await run(s);
  } catch (err) {
    console.error(\`\${i + 1}. \${s.text}: no answer (\${err.message})\`);
    process.exit(2);
  }
  const v = verdict(s, r);
  console.log(\`\${String(i + 1).padStart(2)}. \${s.text} -> \${v.got}\${v.ok ? "  ok" + (v.note ? " (" + v.note + ")" : "") : \`  expected \${describe(s.expect)}: FAILS\`}\`);
  if (!v.ok) { failed = true; break; }
}
for (const u of uploads) if (u) await send("DELETE", u.key, [["uploadId", u.id]], []).catch(() => undefined);
for (const n of ["a", "b"]) await send("DELETE", prefix + n, [], []).catch(() => undefined);
console.log(failed ? "reproduced: the server answered differently from the model" : "every answer was as expected");
process.exit(failed ? 1 : 0);
`;
}
