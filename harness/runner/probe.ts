/**
 * Before any suite runs, make sure the endpoint answers: resolve the name, open a TCP connection,
 * complete a TLS handshake with the configured trust. Each failure says which step failed (DNS,
 * refused, timeout, TLS) and what to do, and the CLI exits 3 with it —
 * instead of 150 checks each reporting the same connection error.
 */
import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { connect as tlsConnect } from "node:tls";
import { connect as netConnect } from "node:net";

export type UnreachableKind = "dns" | "refused" | "timeout" | "tls" | "network";

export class TargetUnreachable extends Error {
  override name = "TargetUnreachable";
  readonly kind: UnreachableKind;
  constructor(kind: UnreachableKind, message: string) {
    super(message);
    this.kind = kind;
  }
}

export interface ProbeOptions {
  caPem?: string;
  insecure?: boolean;
  timeoutMs: number;
  /** Name resolution (default node:dns lookup); tests pass their own to stay off the network. */
  lookup?: (host: string) => Promise<unknown>;
}

function hostPort(url: string): { host: string; port: number; https: boolean } {
  const u = new URL(url);
  const https = u.protocol === "https:";
  const host = u.hostname.replace(/^\[|\]$/g, "");
  return { host, port: u.port ? Number(u.port) : https ? 443 : 80, https };
}

const TLS_TRUST = /^(UNABLE_TO_|SELF_SIGNED|DEPTH_ZERO|CERT_|ERR_TLS_CERT_ALTNAME_INVALID|HOSTNAME_MISMATCH)/;

function describeSocketError(e: NodeJS.ErrnoException, where: string, tlsHint: boolean): TargetUnreachable {
  const code = e.code ?? "";
  if (code === "ECONNREFUSED")
    return new TargetUnreachable("refused", `connection refused by ${where} (is the server running on that port?)`);
  if (code === "ETIMEDOUT") return new TargetUnreachable("timeout", `no answer from ${where} (${code})`);
  if (TLS_TRUST.test(code)) {
    return new TargetUnreachable(
      "tls",
      `TLS: the certificate of ${where} is not trusted (${code}: ${e.message}); pass its CA with --ca FILE, or --insecure to skip verification`,
    );
  }
  if (
    tlsHint &&
    (/^ERR_SSL|^ERR_TLS|^EPROTO/.test(code) || /wrong version number|packet length too long/i.test(e.message))
  ) {
    return new TargetUnreachable(
      "tls",
      `TLS handshake with ${where} failed (${code || e.message}); is it an http:// server? SSE-C needs https`,
    );
  }
  if (code === "ECONNRESET")
    return new TargetUnreachable(
      tlsHint ? "tls" : "network",
      `${where} closed the connection during the ${tlsHint ? "TLS handshake" : "connect"} (${code})`,
    );
  return new TargetUnreachable("network", `cannot reach ${where}: ${code ? `${code} ` : ""}${e.message}`);
}

/** Resolves, connects and (for https) handshakes; resolves when the endpoint is reachable. */
export async function probeEndpoint(url: string, opts: ProbeOptions): Promise<void> {
  const { host, port, https } = hostPort(url);
  const where = `${host}:${port}`;
  if (!isIP(host)) {
    try {
      await (opts.lookup ?? lookup)(host);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? "";
      throw new TargetUnreachable("dns", `DNS: cannot resolve "${host}" (${code || (e as Error).message})`);
    }
  }
  await new Promise<void>((resolve, reject) => {
    const socket = https
      ? tlsConnect({
          host,
          port,
          ...(isIP(host) ? {} : { servername: host }),
          ...(opts.caPem ? { ca: opts.caPem } : {}),
          rejectUnauthorized: !opts.insecure,
          ALPNProtocols: ["http/1.1"],
        })
      : netConnect({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new TargetUnreachable("timeout", `no answer from ${where} within ${opts.timeoutMs} ms`));
    }, opts.timeoutMs);
    socket.once(https ? "secureConnect" : "connect", () => {
      clearTimeout(timer);
      socket.end();
      socket.destroy();
      resolve();
    });
    socket.once("error", (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      socket.destroy();
      reject(describeSocketError(e, where, https));
    });
  });
}
