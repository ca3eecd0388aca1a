/**
 * The server core's request and response values. The core is a plain function of a request
 * (the reference server is a plain function of a request): the node front end
 * (node-adapter.ts) turns an IncomingMessage into a `ServerRequest`, unit tests build one by hand.
 */
import type { Readable } from "node:stream";

export interface ServerRequest {
  method: string;
  /** Path exactly as on the wire (percent-encoded), without the query string. */
  rawPath: string;
  /** Query string exactly as on the wire, without the leading '?'; "" when absent. */
  rawQuery: string;
  /** Header pairs as received (original case and order, duplicates kept). */
  headers: [string, string][];
  /** The raw request body (aws-chunked framing and all); auth's verifiedBody decodes it. */
  body: Readable;
  /** True when the request arrived over TLS. SSE-C is refused otherwise (evidence http.ssec-refused). */
  secure: boolean;
  remote?: { address?: string; port?: number };
  /**
   * Sends `100 Continue` when the client asked for it (Expect: 100-continue). The core calls it
   * only once it has validated everything it can without the body, so a refused request never
   * makes the client send its payload.
   */
  sendContinue?: () => void;
}

export type HeaderPairs = [string, string][];

export interface ServerResponse {
  status: number;
  headers: HeaderPairs;
  /** Absent for bodiless responses (HEAD, 204, 304). */
  body?: Buffer | Readable;
}

/**
 * Case-insensitive view of the request headers. Duplicated headers are joined with "," as
 * RFC 9110 §5.3 combines field lines, so a duplicated SSE-C key arrives as one invalid value
 * instead of silently picking either copy.
 */
export class RequestHeaders {
  private readonly map = new Map<string, string>();

  constructor(readonly pairs: HeaderPairs) {
    for (const [name, value] of pairs) {
      const k = name.toLowerCase();
      const prev = this.map.get(k);
      this.map.set(k, prev === undefined ? value : `${prev},${value}`);
    }
  }

  get(name: string): string | undefined {
    return this.map.get(name.toLowerCase());
  }

  has(name: string): boolean {
    return this.map.has(name.toLowerCase());
  }

  /** Names (lower case) starting with a prefix, with their values. */
  withPrefix(prefix: string): [string, string][] {
    const p = prefix.toLowerCase();
    return [...this.map].filter(([k]) => k.startsWith(p));
  }
}
