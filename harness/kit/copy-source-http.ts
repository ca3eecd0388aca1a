/**
 * The copy-source trio ALONE over plain HTTP (evidence http.ssec-refused), for the two copy interfaces:
 * an SSE-C source copied to an unencrypted target (or into a part of an unencrypted upload), so
 * the only SSE-C material on the wire is the copy-source trio — and the source's key crosses it in
 * clear. The header matrix's `copy-source-plain-http-*` cases send the target trio beside it, so a
 * plain-HTTP gate that looks only at the target trio passes them and is caught only here.
 *
 * Most profiles expect the refusal (`http-copy-source-to-plain`: 400 InvalidRequest, nothing
 * stored). OBS documents this very copy as allowed over HTTP (evidence headers.obs-dialect, obs_04_0108 Tables 3
 * and 4), so its profile expects a 200: the check then verifies the copy was made instead, and
 * the `-code` check, having no error code to grade, skips.
 */
import type { HeaderList, S3Response } from "../client/types.ts";
import { INTERFACE_SLUGS } from "../checks/types.ts";
import type { CopyInterface } from "../checks/copy-source-cases.ts";
import type { CheckContext, StoredObject } from "./types.ts";
import { check } from "./check.ts";
import { requireHttpEndpoint } from "./header-matrix.ts";
import { sourceTrio } from "./trios.ts";

export const COPY_SOURCE_ONLY_HTTP_CASE = "copy-source-only-plain-http";

export interface CopySourceOnlyHttpAdapter {
  /** The SSE-C source object (made over HTTPS). */
  source(ctx: CheckContext): Promise<StoredObject>;
  /**
   * Copy from `source` to an unencrypted target over plain HTTP with `copySource` (the source's
   * valid copy-source trio) as the only SSE-C headers. Return the response, `absent` (nothing
   * was stored), `made` (the copy was made and holds the source's bytes) and `cleanup` (always
   * run: e.g. abort an upload the copy went into).
   */
  send(
    ctx: CheckContext,
    copySource: HeaderList,
    source: StoredObject,
  ): Promise<{
    res: S3Response;
    absent: () => Promise<void>;
    made: () => Promise<void>;
    cleanup?: () => Promise<unknown>;
  }>;
}

export function runCopySourceOnlyOverHttp(iface: CopyInterface, adapter: CopySourceOnlyHttpAdapter): void {
  const slug = INTERFACE_SLUGS[iface];
  for (const grade of ["refused", "code"] as const) {
    check(`${slug}.${COPY_SOURCE_ONLY_HTTP_CASE}-${grade}`, async (ctx) => {
      requireHttpEndpoint(ctx);
      const expected = ctx.expected();
      const allowed = expected.status < 300;
      if (allowed && grade === "code") {
        ctx.skip(
          `the ${ctx.profile.name} profile allows this copy over plain HTTP (expects ${expected.status}), so there is no error code ` +
            `to grade; ${slug}.${COPY_SOURCE_ONLY_HTTP_CASE}-refused checks the copy`,
        );
      }
      const source = await adapter.source(ctx);
      ctx.note(
        `only the copy-source trio, over plain HTTP, to an unencrypted target (profile expects ${expected.status})`,
      );
      const { res, absent, made, cleanup } = await adapter.send(ctx, sourceTrio(ctx, source.key), source);
      try {
        if (allowed) {
          ctx.expectStatus(res, expected.status, `the ${ctx.profile.name} profile allows this copy over plain HTTP`);
          await made();
          return;
        }
        // Refusing is the MUST; the exact status and code the SHOULD (evidence http.ssec-refused: the exact code is
        // not established).
        if (grade === "refused") ctx.expectRefused(res);
        else ctx.expectError(res, expected);
        await absent();
      } finally {
        await cleanup?.();
      }
    });
  }
}
