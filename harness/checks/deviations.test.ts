import { describe, expect, it } from "vitest";
import {
  calendarDayProblem,
  deviationNote,
  deviationRecord,
  httpsLinkProblem,
  isExpired,
  todayUtc,
} from "./deviations.ts";

describe("expiring deviations: until and link", () => {
  it("accepts calendar days written YYYY-MM-DD, leap days where they exist", () => {
    for (const d of ["2026-01-31", "2028-02-29", "2000-02-29", "2026-12-31"])
      expect(calendarDayProblem(d), d).toBeUndefined();
  });

  it("refuses other spellings and days that do not exist", () => {
    for (const d of ["2026-1-31", "31.01.2026", "2026-01-31T00:00:00Z", "", 20260131, null])
      expect(calendarDayProblem(d), String(d)).toMatch(/must be a date "YYYY-MM-DD"/);
    for (const d of ["2026-02-30", "2026-02-29", "1900-02-29", "2026-13-01", "2026-00-10", "2026-04-31", "0099-01-01"])
      expect(calendarDayProblem(d), d).toMatch(/is not a calendar date/);
  });

  it("takes https links only", () => {
    expect(httpsLinkProblem("https://tracker.example/BUG-123")).toBeUndefined();
    for (const l of ["http://tracker.example/1", "BUG-123", "ftp://x/1", "https://", 7])
      expect(httpsLinkProblem(l), String(l)).toMatch(/must be an https URL/);
  });

  it("expires the day after until, on the UTC calendar", () => {
    expect(todayUtc(new Date("2026-03-01T23:59:59Z"))).toBe("2026-03-01");
    expect(todayUtc(new Date("2026-03-01T23:30:00-02:00"))).toBe("2026-03-02");
    expect(isExpired({ until: "2026-03-01" }, "2026-03-01")).toBe(false);
    expect(isExpired({ until: "2026-03-01" }, "2026-03-02")).toBe(true);
    expect(isExpired({ until: "2026-03-01" }, "2027-01-01")).toBe(true);
    expect(isExpired({}, "9999-12-31")).toBe(false);
  });

  it("keeps what the reports show, and names an expired one with its day and link", () => {
    const deviation = {
      expect: "fail" as const,
      reason: "BUG-123",
      until: "2026-01-31",
      link: "https://t.example/123",
    };
    const live = deviationRecord({ key: "get-object.*", deviation, expired: false });
    expect(live).toEqual({
      key: "get-object.*",
      reason: "BUG-123",
      expect: "fail",
      until: "2026-01-31",
      link: "https://t.example/123",
    });
    expect(deviationNote(live, false)).toBe(
      'declared deviation deviations["get-object.*"] (until 2026-01-31, https://t.example/123): BUG-123',
    );
    const dead = deviationRecord({ key: "get-object.*", deviation, expired: true });
    expect(dead.expired).toBe(true);
    expect(deviationNote(dead, false).split("\n")).toEqual([
      'declared deviation deviations["get-object.*"] expired on 2026-01-31 (https://t.example/123): BUG-123',
      'it no longer excuses this check: fix the server, or renew "until" in the profile',
    ]);
    expect(deviationNote(dead, true)).toMatch(/the check now passes: remove the deviation$/);
  });
});
