/**
 * Body previews for exchange records: enough to read a failure, short enough for a report.
 * NOT redacted here — redaction happens once, at output time (harness/secrets/redact.ts).
 */

export const PREVIEW_BYTES = 2048;

/** Text if the bytes read as text, else a size + hex prefix; always bounded. */
export function previewBytes(body: Uint8Array | undefined): string | undefined {
  if (body === undefined || body.length === 0) return undefined;
  const head = Buffer.from(body.subarray(0, PREVIEW_BYTES));
  const more = body.length > PREVIEW_BYTES ? `… (${body.length} bytes)` : "";
  if (looksLikeText(head)) return head.toString("utf8") + more;
  return `<${body.length} bytes binary: ${head.subarray(0, 32).toString("hex")}${body.length > 32 ? "…" : ""}>`;
}

function looksLikeText(buf: Buffer): boolean {
  let bad = 0;
  for (const b of buf) if (b < 0x09 || (b > 0x0d && b < 0x20) || b === 0x7f) bad++;
  // Multipart forms carry a binary file part; tolerate a little.
  return bad <= buf.length / 50 && !buf.toString("utf8").includes("\ufffd");
}
