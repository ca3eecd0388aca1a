/**
 * The header matrix runner: the catalogue's header cases (harness/checks/header-cases.ts) as
 * checks of one interface. A case's variant goes on the wire as harness/ssec builds it; the
 * interface's adapter sends it and verifies nothing was stored.
 */
import type { S3Response } from "../client/types.ts";
import type { InterfaceName } from "../checks/types.ts";
import { INTERFACE_SLUGS } from "../checks/types.ts";
import { HEADER_CASES, HEADER_CASE_SUBJECT } from "../checks/header-cases.ts";
import { variantHeaders } from "../ssec/index.ts";
import type { CustomerKey, VariantRequest } from "../ssec/index.ts";
import type { CheckContext } from "./types.ts";
import { check } from "./check.ts";

export interface MatrixAdapter {
  /** The valid key the variants are built from (reads: the fixture's key). Default: a fresh key. */
  key?(ctx: CheckContext): Promise<CustomerKey>;
  /**
   * Send the interface's request with `sse` in place of the valid trio (headers, or form fields
   * for POST Object). Return the response and a verification that nothing was stored / the old
   * object is intact / no bytes leaked; it runs after the status and code are graded.
   */
  send(
    ctx: CheckContext,
    sse: VariantRequest,
    key: CustomerKey,
  ): Promise<{ res: S3Response; verify?: () => Promise<void> | void }>;
}

/** Checks of refusal over plain HTTP need the target's http endpoint; without one they skip. */
export function requireHttpEndpoint(ctx: CheckContext): void {
  if (!ctx.target.httpEndpoint)
    ctx.skip("the target has no plain-HTTP endpoint (--http-endpoint), so refusal over HTTP cannot be checked");
}

/** Register the shared matrix's checks for one interface (ids `<slug>.<case>`, from checks/header-cases.ts). */
export function runMatrix(iface: InterfaceName, adapter: MatrixAdapter): void {
  const slug = INTERFACE_SLUGS[iface];
  for (const c of HEADER_CASES) {
    check(`${slug}.${c.case}`, async (ctx) => {
      if (c.variant.kind === "plain-http") requireHttpEndpoint(ctx);
      const key = adapter.key ? await adapter.key(ctx) : ctx.customerKey("matrix");
      const sse = variantHeaders(c.variant, ctx.dialect, key, (label, length) => ctx.customerKey(label, length));
      ctx.note(`matrix case ${c.case} (${HEADER_CASE_SUBJECT[iface].kind})`);
      const { res, verify } = await adapter.send(ctx, sse, key);
      if (c.grade === "refused") ctx.expectRefused(res);
      else ctx.expectError(res);
      await verify?.();
    });
  }
}
