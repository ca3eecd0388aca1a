/**
 * The SigV4 canonical request, built from the request exactly as it arrived on the wire.
 *
 * Source: AWS S3 API reference, "Signature Calculations for the Authorization Header: Transferring
 * Payload in a Single Chunk" (CanonicalRequest = method \n URI \n query \n headers \n signed \n hash).
 *
 * S3 differs from other services in one way that matters here: the URI is encoded once (by the
 * client, as sent), never normalised (no `.`/`..` folding, no double encoding). We therefore work
 * on the raw path and only normalise its percent-encoding, so `/test$file.text` and
 * `/test%24file.text` both canonicalise to `/test%24file.text` (as S3 does) while an already
 * canonical path is used byte for byte.
 *
 * Nothing here throws on malformed input: a stray `%` is treated as a literal character, which
 * simply yields a canonical request the client did not sign (→ SignatureDoesNotMatch upstream).
 */

const HEX = "0123456789ABCDEF";

function isUnreserved(c: number): boolean {
  return (
    (c >= 0x41 && c <= 0x5a) || // A-Z
    (c >= 0x61 && c <= 0x7a) || // a-z
    (c >= 0x30 && c <= 0x39) || // 0-9
    c === 0x2d ||
    c === 0x2e ||
    c === 0x5f ||
    c === 0x7e // - . _ ~
  );
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  return -1;
}

function pushEncodedByte(out: string[], b: number): void {
  out.push("%", HEX[b >> 4]!, HEX[b & 15]!);
}

/**
 * AWS UriEncode of a (decoded) string: unreserved characters kept, everything else as %XX of
 * its UTF-8 bytes with upper-case hex; `/` kept when `keepSlash`.
 */
export function uriEncode(value: string, keepSlash: boolean): string {
  const out: string[] = [];
  for (const b of Buffer.from(value, "utf8")) {
    if (isUnreserved(b) || (keepSlash && b === 0x2f)) out.push(String.fromCharCode(b));
    else pushEncodedByte(out, b);
  }
  return out.join("");
}

/**
 * Walks the UTF-8 bytes of a wire component, decoding valid `%XX` escapes: `visit` gets each
 * byte and whether it came from an escape. Invalid escapes stay literal (never throws).
 */
function forEachDecodedByte(raw: string, visit: (byte: number, escaped: boolean) => void): void {
  const bytes = Buffer.from(raw, "utf8");
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b === 0x25 && i + 2 < bytes.length) {
      const hi = hexValue(bytes[i + 1]!);
      const lo = hexValue(bytes[i + 2]!);
      if (hi >= 0 && lo >= 0) {
        visit((hi << 4) | lo, true);
        i += 2;
        continue;
      }
    }
    visit(b, false);
  }
}

/**
 * Re-encodes a wire component into its canonical percent-encoding: valid `%XX` escapes are
 * decoded to a byte, then every byte is written as UriEncode would write it. Only the escape
 * `%2F` is kept as an escape in paths: it is part of a key, not a separator.
 */
export function normalizeEncoding(raw: string, keepSlash: boolean): string {
  const out: string[] = [];
  forEachDecodedByte(raw, (b, escaped) => {
    if (isUnreserved(b) || (keepSlash && !escaped && b === 0x2f)) out.push(String.fromCharCode(b));
    else pushEncodedByte(out, b);
  });
  return out.join("");
}

/** Percent-decodes a query component without ever throwing (invalid escapes stay literal). */
export function percentDecode(raw: string): string {
  if (!raw.includes("%")) return raw;
  const out = Buffer.allocUnsafe(Buffer.byteLength(raw, "utf8"));
  let n = 0;
  forEachDecodedByte(raw, (b) => {
    out[n++] = b;
  });
  return out.toString("utf8", 0, n);
}

/** Canonical URI for S3: the wire path, percent-encoding normalised, `/` kept. Empty → `/`. */
export function canonicalUri(rawPath: string): string {
  if (rawPath === "") return "/";
  return normalizeEncoding(rawPath, true);
}

/** One `name=value` pair of the query string as sent (still percent-encoded). */
export interface RawQueryParam {
  readonly rawName: string;
  readonly rawValue: string;
}

/** Splits a raw query string on `&`; empty segments are dropped, `a` means `a=`. */
export function parseRawQuery(rawQuery: string): RawQueryParam[] {
  const params: RawQueryParam[] = [];
  if (rawQuery === "") return params;
  for (const segment of rawQuery.split("&")) {
    if (segment === "") continue;
    const eq = segment.indexOf("=");
    if (eq < 0) params.push({ rawName: segment, rawValue: "" });
    else params.push({ rawName: segment.slice(0, eq), rawValue: segment.slice(eq + 1) });
  }
  return params;
}

function compareCodeUnits(a: string, b: string): number {
  // Canonical components are ASCII after encoding, so code-unit order is byte order.
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Canonical query string: each name and value UriEncoded (here: re-normalised from the wire
 * form), sorted by encoded name then encoded value, joined with `&`. `exclude` drops a raw
 * parameter name (X-Amz-Signature for presigned URLs).
 */
export function canonicalQuery(params: readonly RawQueryParam[], exclude?: string): string {
  const pairs: [string, string][] = [];
  for (const p of params) {
    if (exclude !== undefined && p.rawName === exclude) continue;
    pairs.push([normalizeEncoding(p.rawName, false), normalizeEncoding(p.rawValue, false)]);
  }
  pairs.sort((x, y) => compareCodeUnits(x[0], y[0]) || compareCodeUnits(x[1], y[1]));
  return pairs.map(([k, v]) => `${k}=${v}`).join("&");
}

/** Request headers by lower-cased name, values in arrival order (duplicates kept). */
export class HeaderBag {
  private readonly byName = new Map<string, string[]>();

  constructor(rawPairs: readonly (readonly [string, string])[]) {
    for (const [name, value] of rawPairs) {
      const key = name.toLowerCase();
      const list = this.byName.get(key);
      if (list) list.push(value);
      else this.byName.set(key, [value]);
    }
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  /** All values of a header, in arrival order. */
  all(name: string): readonly string[] {
    return this.byName.get(name) ?? [];
  }

  /** The single value of a header, or undefined; several values are joined with "," as HTTP allows. */
  get(name: string): string | undefined {
    const list = this.byName.get(name);
    return list === undefined ? undefined : list.join(",");
  }

  names(): IterableIterator<string> {
    return this.byName.keys();
  }
}

/** Trim and collapse runs of spaces (SigV4 "Trimall"), as the AWS signers do. */
export function trimAll(value: string): string {
  return value.trim().replace(/\s+/g, " ");
}

/**
 * The signed header names in canonical order: sorted by byte (code unit) order of the lower-case
 * names, whatever order the client listed them in, as AWS does. A client that sorts `name:value`
 * lines instead (curl 7.88 puts `…-customer-key-md5` before `…-customer-key`) signs another
 * canonical request and is refused with SignatureDoesNotMatch, as AWS refuses it.
 */
export function sortedSignedHeaders(names: readonly string[]): string[] {
  return [...names].sort(compareCodeUnits);
}

/** `name:value\n` for every signed header, in the order of `signedNames` (see sortedSignedHeaders). */
export function canonicalHeaders(headers: HeaderBag, signedNames: readonly string[]): string {
  let out = "";
  for (const name of signedNames) {
    out += `${name}:${headers.all(name).map(trimAll).join(",")}\n`;
  }
  return out;
}

export interface CanonicalRequestParts {
  method: string;
  canonicalUri: string;
  canonicalQuery: string;
  canonicalHeaders: string;
  signedHeaders: string;
  payloadHash: string;
}

export function canonicalRequest(p: CanonicalRequestParts): string {
  return [p.method, p.canonicalUri, p.canonicalQuery, p.canonicalHeaders, p.signedHeaders, p.payloadHash].join("\n");
}
