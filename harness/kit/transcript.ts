/**
 * A check's wire transcript: every exchange its requests made, printed for a reviewer and
 * always passed through the one redactor (harness/secrets/redact.ts) before it leaves the worker.
 */
import type { ExchangeRecord } from "../client/types.ts";
import { redact, registerSecret } from "../secrets/redact.ts";
import { CUSTOMER_KEY_FORM_FIELD, CUSTOMER_KEY_HEADER } from "../ssec/index.ts";

/**
 * Register with the redactor every customer-key value a request carried (headers and POST form
 * fields), whatever made it: keys from harness/ssec register themselves, but a check may send a
 * literal (the OBS documentation's example key, the OBS page's key, a malformed value), and a server may echo
 * it back in free text (an error Message) that no header pattern recognises.
 */
export function registerSentKeys(e: ExchangeRecord): void {
  for (const [name, value] of e.requestHeaders) if (CUSTOMER_KEY_HEADER.test(name)) registerSecret(value);
  if (e.requestBodyPreview)
    for (const m of e.requestBodyPreview.matchAll(CUSTOMER_KEY_FORM_FIELD)) registerSecret(m[1]);
}

export function formatExchange(e: ExchangeRecord, n: number): string {
  const lines = [`#${n} ${e.method} ${e.url}`];
  for (const [k, v] of e.requestHeaders) lines.push(`> ${k}: ${v}`);
  if (e.requestBodyPreview) lines.push(">", ...e.requestBodyPreview.split("\n").map((l) => `> ${l}`));
  if (e.error) lines.push(`! ${e.error}`);
  if (e.status !== undefined) {
    lines.push(`< ${e.status}${e.durationMs !== undefined ? ` (${Math.round(e.durationMs)} ms)` : ""}`);
    for (const [k, v] of e.responseHeaders ?? []) lines.push(`< ${k}: ${v}`);
    if (e.responseBodyPreview) lines.push("<", ...e.responseBodyPreview.split("\n").map((l) => `< ${l}`));
  }
  return lines.join("\n");
}

/** Collects one check's exchanges and notes, in order. */
export class Transcript {
  private readonly entries: ({ exchange: ExchangeRecord } | { note: string })[] = [];

  record(exchange: ExchangeRecord): void {
    this.entries.push({ exchange });
  }

  note(text: string): void {
    this.entries.push({ note: text });
  }

  /** Attempts the client retried (each carries retryReason). */
  get retryCount(): number {
    return this.entries.filter((e) => "exchange" in e && e.exchange.retryReason !== undefined).length;
  }

  get exchangeCount(): number {
    return this.entries.filter((e) => "exchange" in e).length;
  }

  /** Redacted text; safe to print, attach and store. */
  render(): string {
    let n = 0;
    const parts = this.entries.map((e) => ("note" in e ? `# ${e.note}` : formatExchange(e.exchange, ++n)));
    return redact(parts.join("\n\n"));
  }
}
