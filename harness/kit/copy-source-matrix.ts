/**
 * Runs the copy-source header matrix (harness/checks/copy-source-cases.ts) for one of the two
 * copy interfaces: the same malformed trios as the target matrix, sent as the copy-source trio
 * of OBS Table 3 against an SSE-C source, with a valid target trio.
 *
 * Each check fails only for the reason it names: the target trio is under the source's own key,
 * so a server that never reads the copy-source trio (and decrypts the source with the target
 * key, or not at all) makes the copy and fails the check, instead of being refused for an
 * unrelated key mismatch. A failure says which copy-source headers it was about.
 */
import type { S3Response } from "../client/types.ts";
import { INTERFACE_SLUGS } from "../checks/types.ts";
import type { CopyInterface } from "../checks/copy-source-cases.ts";
import { COPY_SOURCE_CASES, COPY_SOURCE_PREFIX } from "../checks/copy-source-cases.ts";
import { asCopySource, variantHeaders } from "../ssec/index.ts";
import type { VariantRequest } from "../ssec/index.ts";
import type { CheckContext, StoredObject } from "./types.ts";
import { check } from "./check.ts";
import { CheckFailure } from "./check-errors.ts";
import { requireHttpEndpoint } from "./header-matrix.ts";

export interface CopySourceAdapter {
  /** The SSE-C source object (shared by the file's checks). */
  source(ctx: CheckContext): Promise<StoredObject>;
  /**
   * Copy from `source` with `req.headers` as the copy-source trio (over plain HTTP when
   * `req.plainHttp`) and a valid target trio under `source.key` (into an upload under that key
   * for Upload Part - Copy): only the copy-source trio may be wrong. Return the response and a
   * verification that nothing was stored.
   */
  send(
    ctx: CheckContext,
    req: VariantRequest,
    source: StoredObject,
  ): Promise<{ res: S3Response; verify?: () => Promise<void> | void }>;
}

export function runCopySourceMatrix(iface: CopyInterface, adapter: CopySourceAdapter): void {
  const slug = INTERFACE_SLUGS[iface];
  for (const c of COPY_SOURCE_CASES) {
    check(`${slug}.${COPY_SOURCE_PREFIX}${c.case}`, async (ctx) => {
      if (c.variant.kind === "plain-http") requireHttpEndpoint(ctx);
      const source = await adapter.source(ctx);
      const m = variantHeaders(c.variant, ctx.dialect, source.key, (label, length) => ctx.customerKey(label, length));
      ctx.note(`copy-source matrix case ${c.case}`);
      const { res, verify } = await adapter.send(
        ctx,
        { plainHttp: m.plainHttp, headers: asCopySource(m.headers, ctx.dialect) },
        source,
      );
      expectCopySourceRefused(ctx, res, `copy-source headers ${c.case}`, c.grade);
      await verify?.();
    });
  }
}

/**
 * The copy is refused (any 4xx for `grade` "refused", else the profile's status and code), and a
 * failure names the copy-source headers it was about and the expectation it is graded by: a
 * copy-source check that fails says so in its own words.
 */
export function expectCopySourceRefused(
  ctx: CheckContext,
  res: S3Response,
  what: string,
  grade?: "exact" | "refused",
): void {
  try {
    // A check that names no expectation (a secondary check: zero bytes, a range) asserts the refusal only.
    if (grade === "refused" || (grade === undefined && !ctx.def.expect)) ctx.expectRefused(res);
    else ctx.expectError(res);
  } catch (e) {
    if (!(e instanceof CheckFailure)) throw e;
    const reason = `refusal expected for the ${what} (expectation ${ctx.def.expect ?? "none"})`;
    throw new CheckFailure(e.expected, e.actual, [reason, e.detail].filter(Boolean).join("\n"));
  }
}
