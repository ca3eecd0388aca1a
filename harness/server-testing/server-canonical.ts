/**
 * Test-only: the canonical request (SigV4 step 1) of a raw request, built with the server's own
 * canonicalisation (auth/canonical.ts). For the tests that want the server's view on purpose: the
 * published AWS examples, and requests signed only to get past authentication.
 */
import {
  canonicalHeaders,
  canonicalQuery,
  canonicalRequest,
  canonicalUri,
  HeaderBag,
  parseRawQuery,
} from "../server/auth/canonical.ts";

export interface RawSignable {
  method: string;
  /** Path and query as on the wire (the query without its '?'). */
  rawPath: string;
  rawQuery: string;
  headers: [string, string][];
  /** Lower-case names, in the order they are listed in SignedHeaders. */
  signedHeaders: readonly string[];
  payloadHash: string;
}

export function serverCanonicalRequest(r: RawSignable): string {
  return canonicalRequest({
    method: r.method,
    canonicalUri: canonicalUri(r.rawPath),
    canonicalQuery: canonicalQuery(parseRawQuery(r.rawQuery)),
    canonicalHeaders: canonicalHeaders(new HeaderBag(r.headers), r.signedHeaders),
    signedHeaders: r.signedHeaders.join(";"),
    payloadHash: r.payloadHash,
  });
}
