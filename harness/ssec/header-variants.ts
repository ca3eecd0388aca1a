/**
 * The header matrix's variants: the valid trio for a key with exactly one thing changed. The
 * catalogue (harness/checks/header-cases.ts) names a variant per case as data; `variantHeaders`
 * turns it into what goes on the wire, from the primitives of malformed-values.ts and the header sets
 * of headers.ts.
 */
import type { HeaderList } from "../client/types.ts";
import type { CustomerKey } from "./key.ts";
import { keyFromBytes, keyMd5Base64 } from "./key.ts";
import { keyVector } from "./key-vectors.ts";
import type { Dialect, SsecPart } from "./headers.ts";
import { ssecHeaders, sseHeaderName } from "./headers.ts";
import {
  doubleBase64Key,
  hexDigest,
  junkCharacterKeyText,
  notBase64KeyText,
  otherBytesDigest,
  swapCase,
} from "./malformed-values.ts";

/** What to send instead of the valid trio. Each variant changes exactly one thing. */
export type HeaderVariant =
  | { kind: "omit"; header: SsecPart }
  | { kind: "algorithm"; value: string }
  /** A key of `bytes` random bytes, with the correct MD5 of those bytes. */
  | { kind: "key-length"; bytes: number }
  /**
   * The valid key base64-encoded a second time (44 bytes decoded), MD5 correct for them (evidence
   * key.wrong-length-put).
   */
  | { kind: "key-double-base64" }
  /** A key value that is not base64 at all. */
  | { kind: "key-not-base64" }
  /**
   * A valid 32-byte key's base64 with one character from outside the alphabet inserted, MD5
   * correct for the 32 bytes: only a lenient decoder (one that skips junk) takes it (evidence key.not-base64).
   */
  | { kind: "key-junk-character" }
  /** The valid key, with a key-MD5 that is wrong in the given way. */
  | { kind: "md5"; value: "other-bytes" | "hex" | "other-key" | "not-base64" | "case-swapped" }
  /**
   * The OBS documentation's inconsistent pair: key `…hca27…` with the MD5 of `…hcs27…` (evidence
   * vectors.obs-example-pair).
   */
  | { kind: "obs-typo-pair" }
  /**
   * The valid trio plus `x-<dialect>-server-side-encryption: <value>` (evidence sse-conflict.put,
   * sse-conflict.other-interfaces).
   */
  | { kind: "with-sse"; value: "AES256" | "aws:kms" }
  /** The valid trio, sent to the target's plain-http endpoint (evidence http.ssec-refused). */
  | { kind: "plain-http" };

/** The header list (or form fields, same names) a variant sends, and whether over plain HTTP. */
export interface VariantRequest {
  headers: HeaderList;
  plainHttp: boolean;
}

/** Makes the extra keys a variant needs (reproducible per check; registered with the redactor). */
export type KeyMaker = (label: string, length?: number) => CustomerKey;

function md5Text(key: CustomerKey, value: Extract<HeaderVariant, { kind: "md5" }>["value"], make: KeyMaker): string {
  switch (value) {
    case "other-bytes":
      return otherBytesDigest(key);
    case "hex":
      return hexDigest(key);
    case "other-key":
      return make("md5-other").md5;
    case "case-swapped":
      return swapCase(key.md5);
    case "not-base64":
      return "not*base64*at*all*=====";
  }
}

/** Interpret a variant: the valid trio for `key` in `dialect` with exactly one thing changed. */
export function variantHeaders(
  variant: HeaderVariant,
  dialect: Dialect,
  key: CustomerKey,
  make: KeyMaker,
): VariantRequest {
  const headers = (opts: Parameters<typeof ssecHeaders>[1] = {}, k = key): VariantRequest => ({
    plainHttp: false,
    headers: ssecHeaders(k, { dialect, ...opts }),
  });
  switch (variant.kind) {
    case "omit":
      return headers({ omit: [variant.header] });
    case "algorithm":
      return headers({ algorithm: variant.value });
    case "key-length":
      return headers(
        {},
        variant.bytes === 0 ? keyFromBytes(Buffer.alloc(0)) : make(`len${variant.bytes}`, variant.bytes),
      );
    case "key-double-base64": {
      const twice = doubleBase64Key(make("double-base64"));
      return headers({ keyText: twice.toString("base64"), md5Text: keyMd5Base64(twice) });
    }
    case "key-not-base64": {
      const text = notBase64KeyText(make("not-base64"));
      return headers({ keyText: text, md5Text: keyMd5Base64(Buffer.from(text, "utf8")) });
    }
    case "key-junk-character": {
      const throwaway = make("junk-character");
      return headers({ keyText: junkCharacterKeyText(throwaway), md5Text: throwaway.md5 });
    }
    case "md5":
      return headers({ md5Text: md5Text(key, variant.value, make) });
    case "obs-typo-pair": {
      const obs = keyVector("obs-typo");
      return headers({ keyText: obs.keyBase64, md5Text: obs.md5Base64 });
    }
    case "with-sse":
      return { plainHttp: false, headers: [...ssecHeaders(key, { dialect }), [sseHeaderName(dialect), variant.value]] };
    case "plain-http":
      return { plainHttp: true, headers: ssecHeaders(key, { dialect }) };
  }
}
