/**
 * A careless server, for the redaction self-test: an HTTPS front (the fixture certificate) that
 * forwards every request verbatim to the reference server and, on the way back, writes the
 * customer key the request carried into the error `<Message>` and into a response header — the
 * way a vendor's debug build might. The reference server never does that (harness/server is kept
 * correct; its faults model behaviour, not leaks), so this is the only way to prove that a key a
 * server echoes in free text never reaches a report.
 *
 * It also collects every customer-key value that crossed the wire (headers and POST form fields,
 * both dialects, copy-source too), so the test can search the outputs for exactly those.
 */
import https from "node:https";
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { readFileSync } from "node:fs";
import { TLS_FILES } from "../server/index.ts";

export interface EchoProxy {
  endpoint: string;
  /** Every customer-key value sent through the proxy, as sent (base64 or whatever the check sent). */
  keys: Set<string>;
  /** Error responses whose Message now carries a key. */
  echoed(): number;
  close(): Promise<void>;
}

const KEY_HEADER = /^x-(?:amz|obs)-(?:copy-source-)?server-side-encryption-customer-key$/i;
// A POST form field of the same name (multipart body).
const KEY_FIELD =
  /name="x-(?:amz|obs)-(?:copy-source-)?server-side-encryption-customer-key"\r\n(?:[^\r\n]+\r\n)*\r\n([^\r\n]+)/gi;

function keysOf(headers: IncomingHttpHeaders, body: Buffer): string[] {
  const out: string[] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (!KEY_HEADER.test(name) || value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) if (v) out.push(v);
  }
  if (body.length && body.length < 1 << 20) for (const m of body.toString("latin1").matchAll(KEY_FIELD)) out.push(m[1]);
  return out;
}

function readAll(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on("data", (c: Buffer) => chunks.push(c));
    stream.on("end", () => resolve(Buffer.concat(chunks)));
    stream.on("error", reject);
  });
}

export async function startEchoProxy(upstream: { endpoint: string; caPem: string }): Promise<EchoProxy> {
  const up = new URL(upstream.endpoint);
  const keys = new Set<string>();
  let echoed = 0;
  const agent = new https.Agent({ keepAlive: true, ca: upstream.caPem });

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = await readAll(req);
    const sent = keysOf(req.headers, body);
    for (const k of sent) keys.add(k);
    // Host and every signed header go through unchanged, so the SigV4 signature still verifies.
    const headers = { ...req.headers };
    delete headers.expect;
    const upRes = await new Promise<IncomingMessage>((resolve, reject) => {
      const r = https.request(
        {
          host: up.hostname,
          port: up.port,
          method: req.method,
          path: req.url,
          headers,
          agent,
          servername: "localhost",
        },
        resolve,
      );
      r.on("error", reject);
      r.end(body);
    });
    let out = await readAll(upRes);
    const outHeaders: IncomingHttpHeaders = { ...upRes.headers };
    if (sent.length) {
      outHeaders["x-debug-received-key"] = sent[0];
      const text = out.toString("utf8");
      if ((upRes.statusCode ?? 0) >= 400 && text.includes("</Message>")) {
        out = Buffer.from(text.replace("</Message>", ` (the key you sent: ${sent.join(", ")})</Message>`), "utf8");
        delete outHeaders["transfer-encoding"];
        outHeaders["content-length"] = String(out.length);
        echoed++;
      }
    }
    res.writeHead(upRes.statusCode ?? 502, outHeaders);
    res.end(req.method === "HEAD" ? undefined : out);
  };

  const server = https.createServer(
    { cert: readFileSync(TLS_FILES.cert), key: readFileSync(TLS_FILES.key) },
    (req, res) => {
      handle(req, res).catch((e: Error) => {
        if (!res.headersSent) res.writeHead(502, { "content-type": "text/plain" });
        res.end(`echo proxy: ${e.message}`);
      });
    },
  );
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    endpoint: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    keys,
    echoed: () => echoed,
    close: () =>
      new Promise<void>((r) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
