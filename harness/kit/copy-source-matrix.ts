/**
 * Runs the copy-source header matrix (harness/checks/copy-source-cases.ts) for one of the two
 * copy interfaces: the same malformed trios as the target matrix, sent as the copy-source trio
 * of OBS Table 3 against an SSE-C source, with a valid target trio.
 */
import type { S3Response } from "../client/types.ts";
import { INTERFACE_SLUGS } from "../checks/types.ts";
import type { CopyInterface } from "../checks/copy-source-cases.ts";
import { COPY_SOURCE_CASES, COPY_SOURCE_PREFIX } from "../checks/copy-source-cases.ts";
import { asCopySource, variantHeaders } from "../ssec/index.ts";
import type { VariantRequest } from "../ssec/index.ts";
import type { CheckContext, StoredObject } from "./types.ts";
import { check } from "./check.ts";
import { requireHttpEndpoint } from "./header-matrix.ts";

export interface CopySourceAdapter {
  /** The SSE-C source object (shared by the file's checks). */
  source(ctx: CheckContext): Promise<StoredObject>;
  /**
   * Copy from `source` with `req.headers` as the copy-source trio (over plain HTTP when
   * `req.plainHttp`) and a valid target trio. Return the response and a verification that
   * nothing was stored.
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
      if (c.grade === "refused") ctx.expectRefused(res);
      else ctx.expectError(res);
      await verify?.();
    });
  }
}
