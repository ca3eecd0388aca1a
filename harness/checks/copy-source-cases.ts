/**
 * The shared header matrix (header-cases.ts) applied to the copy-source trio of OBS Table 3, for the
 * two interfaces that read a source: PUT Object - Copy and Upload Part - Copy. The source is an
 * SSE-C object and the target trio is valid; only the copy-source trio is malformed, in the same
 * ways the target trio is. Ids are `<slug>.copy-source-<case>`.
 *
 * The `with-sse-*` cases are left out: a copy-source trio next to `x-amz-server-side-encryption`
 * is a valid SSE-C → SSE-S3 copy (evidence headers.copy-source-trio), and the conflict with a target trio is already
 * the target matrix's `with-sse-*` (evidence sse-conflict.copy).
 */
import type { HeaderCase } from "./header-cases.ts";
import { HEADER_CASES, MATRIX_EVIDENCE, caseEvidence } from "./header-cases.ts";
import type { CheckDef, InterfaceName } from "./types.ts";
import { INTERFACE_SLUGS } from "./types.ts";

export type CopyInterface = Extract<InterfaceName, "PUT Object - Copy" | "Upload Part - Copy">;

const SUBJECT: Record<CopyInterface, string> = {
  "PUT Object - Copy": "a copy request (copy-source headers)",
  "Upload Part - Copy": "an Upload Part - Copy request (copy-source headers)",
};

/**
 * The control of each copy interface: a plain copy from an SSE-C source with its valid
 * copy-source trio. Every check that needs an SSE-C source copied names it as its `control`,
 * so a server that cannot copy from SSE-C sources at all fails it once and the rest are
 * `blocked` (harness/kit/controls.ts).
 */
export const COPY_CONTROL: Record<CopyInterface, string> = {
  "PUT Object - Copy": "copy-object.ssec-to-ssec-same-key",
  "Upload Part - Copy": "upload-part-copy.from-ssec-source",
};

/** Matrix cases that apply to the copy-source trio. */
export const COPY_SOURCE_CASES: readonly HeaderCase[] = HEADER_CASES.filter((c) => c.variant.kind !== "with-sse");

export const COPY_SOURCE_PREFIX = "copy-source-";

/** The copy-source matrix as CheckDefs for one of the two copy interfaces. */
export function copySourceCaseChecks(iface: CopyInterface): CheckDef[] {
  const slug = INTERFACE_SLUGS[iface];
  return COPY_SOURCE_CASES.map((c) => ({
    id: `${slug}.${COPY_SOURCE_PREFIX}${c.case}`,
    interface: iface,
    category: c.category === "transport" ? "transport" : "copy-source",
    level: c.level,
    evidence: [...caseEvidence(c, `${slug}.copy-source`), "headers.copy-source-trio", ...MATRIX_EVIDENCE],
    title: c.title.replace("{req}", SUBJECT[iface]),
    // The copy-source key is used to read the source, so a key that cannot be the object's is
    // refused as on a GET (evidence key.wrong-length-read: 403 AccessDenied on AWS), not as on a write (evidence
    // key.wrong-length-put: 400).
    expect: c.expect.read,
    control: COPY_CONTROL[iface],
  }));
}
