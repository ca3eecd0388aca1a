/**
 * Declared deviations that expire (issue 17). A deviation may carry `until`, the last day it holds
 * (`YYYY-MM-DD`, UTC), and `link`, where the vendor tracks it (https). After its day it excuses
 * nothing: every check it grades fails the gate with a message that names it, until the vendor
 * renews the day or removes the deviation. Pure functions: "today" is given (the profile's `asOf`,
 * set by loadProfile from its clock), so a test can fix it.
 */
import type { Deviation, DeviationRecord } from "./types.ts";

/** A profile's deviation for one check: under which key it is declared, and whether it has expired. */
export interface DeclaredDeviation {
  key: string;
  deviation: Deviation;
  expired: boolean;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Why `v` is not a calendar day written `YYYY-MM-DD` (`2026-02-30` is not one), or undefined. */
export function calendarDayProblem(v: unknown): string | undefined {
  const m = typeof v === "string" ? DAY.exec(v) : null;
  if (!m) return `must be a date "YYYY-MM-DD", got ${JSON.stringify(v)}`;
  const [y, mo, d] = m.slice(1).map(Number);
  const t = new Date(Date.UTC(y, mo - 1, d));
  if (y < 1000 || t.getUTCFullYear() !== y || t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== d)
    return `${JSON.stringify(v)} is not a calendar date (YYYY-MM-DD)`;
  return undefined;
}

/** Why `v` is not an https URL with a host, or undefined. */
export function httpsLinkProblem(v: unknown): string | undefined {
  const problem = `must be an https URL, got ${JSON.stringify(v)}`;
  if (typeof v !== "string") return problem;
  try {
    const u = new URL(v);
    return u.protocol === "https:" && u.hostname !== "" ? undefined : problem;
  } catch {
    return problem;
  }
}

/** Today, as `until` is written: the UTC calendar day of `now`. */
export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** A deviation has expired once `today` is after its `until` day (it still holds on that day). */
export function isExpired(d: Pick<Deviation, "until">, today: string): boolean {
  return d.until !== undefined && today > d.until;
}

/** What results.json (and every report) keeps of the deviation that graded a check. */
export function deviationRecord(d: DeclaredDeviation): DeviationRecord {
  const { deviation: v } = d;
  return {
    key: d.key,
    reason: v.reason,
    ...(v.expect ? { expect: v.expect } : {}),
    ...(v.until ? { until: v.until } : {}),
    ...(v.link ? { link: v.link } : {}),
    ...(d.expired ? { expired: true as const } : {}),
  };
}

/** `until 2027-01-01, https://…`: the deviation's day and link, when it has them. */
export function deviationTerms(d: Pick<DeviationRecord, "until" | "link">): string {
  return [d.until ? `until ${d.until}` : "", d.link ?? ""].filter(Boolean).join(", ");
}

/**
 * The line of a check's message about its deviation. An expired one says what to do:
 *   declared deviation deviations["get-object.*"] expired on 2026-01-31 (https://…): reason
 *   the check now passes: remove the deviation
 */
export function deviationNote(d: DeviationRecord, passed: boolean): string {
  const terms = deviationTerms(d);
  if (!d.expired) return `declared deviation deviations["${d.key}"]${terms ? ` (${terms})` : ""}: ${d.reason}`;
  return [
    `declared deviation deviations["${d.key}"] expired on ${d.until}${d.link ? ` (${d.link})` : ""}: ${d.reason}`,
    passed
      ? "the check now passes: remove the deviation"
      : `it no longer excuses this check: fix the server, or renew "until" in the profile`,
  ].join("\n");
}
