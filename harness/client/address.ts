/**
 * Where a request goes: the origin to connect to, the Host header, and the path + query as sent.
 * Path-style (`host/bucket/key`) by default; virtual-hosted (`bucket.host/key`) connects to the
 * endpoint's address but names `bucket.host` in Host (and so in the signature and TLS SNI).
 */
import { isIP } from "node:net";
import type { ClientOptions, S3Request } from "./types.ts";

/** A request the client refuses to build (a harness bug or a bad setting, not a server verdict). */
export class ClientUsageError extends Error {
  override name = "ClientUsageError";
}

export interface Address {
  /** `https://127.0.0.1:9000`: what the connection goes to. */
  origin: string;
  /** Host header value, port included when not the default. */
  host: string;
  /**
   * TLS server name (SNI and certificate check): the endpoint's host name, also when Host names
   * `bucket.host`. We verify the server we connect to; and Node refuses single-label wildcards
   * such as `*.localhost` ("*.tld wildcards are not allowed", tls.checkServerIdentity), so
   * `bucket.localhost` could never verify against a local test certificate. Undefined for IPs.
   */
  servername?: string;
  /** Path as sent and signed (URI-encoded once). */
  path: string;
  /** Query string as sent (no leading `?`), in the given order. */
  queryString: string;
}

/**
 * S3's URI encoding (AWS SigV4 "UriEncode"): every byte except A-Z a-z 0-9 - . _ ~ is
 * percent-encoded from UTF-8 with upper-case hex; `/` is kept when `keepSlash`.
 */
export function s3UriEncode(text: string, keepSlash = false): string {
  let out = "";
  for (const byte of Buffer.from(text, "utf8")) {
    const ch = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-._~]/.test(ch) || (keepSlash && ch === "/")) out += ch;
    else out += `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

export function queryString(query: [string, string | null][] | undefined): string {
  return (query ?? []).map(([n, v]) => (v === null ? s3UriEncode(n) : `${s3UriEncode(n)}=${s3UriEncode(v)}`)).join("&");
}

export function resolveAddress(opts: ClientOptions, req: S3Request): Address {
  let base: URL;
  if (req.plainHttp) {
    if (!opts.httpEndpoint) throw new ClientUsageError("request asks for plain HTTP but no httpEndpoint is configured");
    base = new URL(opts.httpEndpoint);
  } else {
    base = new URL(opts.endpoint);
  }
  const prefix = base.pathname.replace(/\/+$/, "");
  const key = req.key !== undefined ? s3UriEncode(req.key, true) : undefined;
  let host = base.host;
  let path: string;
  if (req.bucket !== undefined && opts.virtualHosted) {
    const hostname = base.hostname.replace(/^\[|\]$/g, "");
    if (isIP(hostname)) {
      throw new ClientUsageError(
        `virtual-hosted addressing needs a DNS name, but the endpoint is the IP address ${hostname}: ` +
          `"${req.bucket}.${hostname}" is not a host name. Use a name that resolves (e.g. localhost, whose ` +
          `subdomains resolve to loopback) or path-style addressing.`,
      );
    }
    host = `${req.bucket}.${base.host}`;
    path = `${prefix}/${key ?? ""}`;
  } else if (req.bucket !== undefined) {
    path = `${prefix}/${s3UriEncode(req.bucket)}${key !== undefined ? `/${key}` : ""}`;
  } else {
    path = `${prefix}/`;
  }
  const servername = isIP(base.hostname.replace(/^\[|\]$/g, "")) ? undefined : base.hostname;
  return { origin: base.origin, host, servername, path, queryString: queryString(req.query) };
}
