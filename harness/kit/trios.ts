/**
 * The SSE-C header sets of harness/ssec in the target's dialect: the suites say `targetTrio(ctx,
 * key)` and never spell a header name. A trio for `undefined` is no headers (a plain object).
 */
import type { HeaderList } from "../client/types.ts";
import { s3UriEncode } from "../client/index.ts";
import {
  copyHeaderNames,
  copySourceHeaders,
  echoHeaderNames,
  ssecFormFields,
  ssecHeaderNames,
  ssecHeaders,
  sseHeaderName,
} from "../ssec/index.ts";
import type { CopyHeaderNames, CustomerKey, SsecHeaderNames, SsecHeaderOptions } from "../ssec/index.ts";
import type { CheckContext } from "./types.ts";

type Dialected = Pick<CheckContext, "dialect">;

/** The target trio for `key` (OBS Table 1), or no headers for a plain target. */
export function targetTrio(ctx: Dialected, key: CustomerKey | undefined, opts: SsecHeaderOptions = {}): HeaderList {
  return key ? ssecHeaders(key, { dialect: ctx.dialect, ...opts }) : [];
}

/** The copy-source trio for `key` (OBS Table 3), or no headers for a plain source. */
export function sourceTrio(ctx: Dialected, key: CustomerKey | undefined, opts: SsecHeaderOptions = {}): HeaderList {
  return key ? copySourceHeaders(key, { dialect: ctx.dialect, ...opts }) : [];
}

/** The trio as POST Object form fields. */
export function formTrio(ctx: Dialected, key: CustomerKey, opts: SsecHeaderOptions = {}): HeaderList {
  return ssecFormFields(key, { dialect: ctx.dialect, ...opts });
}

/** The trio's header names (target, or copy-source), e.g. for policy conditions. */
export function trioNames(ctx: Dialected, copySource = false): SsecHeaderNames {
  return ssecHeaderNames(ctx.dialect, copySource);
}

/** The response headers that echo SSE-C, and the key header that must never come back (lower case). */
export function echoNames(ctx: Dialected): { algorithm: string; md5: string; key: string } {
  return echoHeaderNames(ctx.dialect);
}

/** The copy headers (copy-source, range, metadata directive) in the target's dialect. */
export function copyHeaders(ctx: Dialected): CopyHeaderNames {
  return copyHeaderNames(ctx.dialect);
}

/** `x-amz-copy-source: /bucket/key` (x-obs- for OBS; the key URI-encoded as in a path, S3 style). */
export function copySourceHeader(ctx: Pick<CheckContext, "dialect" | "bucket">, objectKey: string): [string, string] {
  return [copyHeaderNames(ctx.dialect).copySource, `/${ctx.bucket}/${s3UriEncode(objectKey, true)}`];
}

/** `x-amz-server-side-encryption: AES256` (x-obs- for OBS): the SSE-S3 header of a write, and of its answer. */
export function sseS3Header(ctx: Dialected): [string, string] {
  return [sseHeaderName(ctx.dialect), "AES256"];
}
