import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  BUILTIN_PROFILES,
  ProfileError,
  declaredDeviation,
  deviationFor,
  expectationFor,
  loadProfile,
} from "./profile.ts";
import type { CheckDef, Profile } from "./types.ts";
import { getCheck } from "./catalogue.ts";

const IDS = ["get-object.wrong-key", "get-object.without-key", "head-object.wrong-key", "put-object.md5-mismatch"];

function writeProfile(json: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), "ssec-profile-"));
  const file = join(dir, "vendor.json");
  writeFileSync(file, typeof json === "string" ? json : JSON.stringify(json));
  return file;
}

const def = (over: Partial<CheckDef>): CheckDef => ({
  id: "get-object.wrong-key",
  interface: "GET Object",
  category: "wrong-key",
  level: "MUST",
  evidence: ["get.wrong-key-refused"],
  title: "refuses a wrong key",
  expect: "wrong-key-read",
  ...over,
});

describe("loadProfile", () => {
  it("loads every built-in profile", () => {
    for (const name of BUILTIN_PROFILES) expect(loadProfile(name, IDS).name).toBe(name);
  });

  it("resolves extends: obs keeps aws's expectations it does not override and switches dialect", () => {
    const aws = loadProfile("aws", IDS);
    const obs = loadProfile("obs", IDS);
    expect(obs.dialect).toBe("obs");
    expect(aws.dialect).toBe("amz");
    expect(obs.expectations["invalid-algorithm"]).toEqual({ status: 400, code: "InvalidEncryptionAlgorithmError" });
    expect(obs.expectations["md5-mismatch"]).toEqual({ status: 400 });
    expect(loadProfile("ceph", IDS).expectations["wrong-key-read"]).toEqual({ status: 400 });
    expect(loadProfile("minio", IDS).expectations["key-invalid-write"]).toEqual({ status: 403, code: "AccessDenied" });
  });

  it("lets only obs allow an SSE-C source copied to a plain target over HTTP (evidence http.copy-source-only, headers.obs-dialect)", () => {
    for (const name of ["aws", "ceph", "minio"]) {
      expect(loadProfile(name, IDS).expectations["http-copy-source-to-plain"], name).toEqual({
        status: 400,
        code: "InvalidRequest",
      });
    }
    expect(loadProfile("obs", IDS).expectations["http-copy-source-to-plain"]).toEqual({ status: 200 });
  });

  it("lets a vendor file extend a built-in and declare deviations", () => {
    const file = writeProfile({
      name: "acme",
      extends: "minio",
      expectations: { "wrong-key-read": { status: 400, code: "InvalidArgument" } },
      deviations: {
        "head-object.*": { expect: "fail", reason: "HEAD not implemented for SSE-C", link: "https://acme/1" },
      },
    });
    const p = loadProfile(file, IDS);
    expect(p.name).toBe("acme");
    expect(p.expectations["wrong-key-read"]).toEqual({ status: 400, code: "InvalidArgument" });
    expect(p.expectations["key-invalid-write"]).toEqual({ status: 403, code: "AccessDenied" });
    expect(deviationFor(p, "head-object.wrong-key")?.expect).toBe("fail");
  });

  it("names an unknown check id in a deviation, with a suggestion", () => {
    const file = writeProfile({
      extends: "aws",
      deviations: { "get-object.wrong-kee": { expect: "skip", reason: "x" } },
    });
    expect(() => loadProfile(file, IDS)).toThrow(ProfileError);
    expect(() => loadProfile(file, IDS)).toThrow(
      /deviations\["get-object.wrong-kee"\]: no check has this id \(did you mean "get-object.wrong-key"\?\)/,
    );
  });

  it("names a glob that matches no check", () => {
    const file = writeProfile({ extends: "aws", deviations: { "upload-part.*": { expect: "skip", reason: "x" } } });
    expect(() => loadProfile(file, IDS)).toThrow(/deviations\["upload-part\.\*"\]: no check has this id/);
  });

  it("names the field and why for malformed deviations and expectations", () => {
    const cases: [unknown, RegExp][] = [
      [
        { extends: "aws", deviations: { "get-object.wrong-key": { expect: "fail" } } },
        /deviations\["get-object.wrong-key"\].reason/,
      ],
      [
        { extends: "aws", deviations: { "get-object.wrong-key": { expect: "maybe", reason: "r" } } },
        /\.expect: must be "fail" or "skip"/,
      ],
      [{ extends: "aws", deviations: { "get-object.wrong-key": { reason: "r" } } }, /says nothing/],
      [{ extends: "aws", deviations: { "get-object.wrong-key": { reason: "r", why: 1 } } }, /unknown field "why"/],
      [
        { extends: "aws", expectations: { "wrong-key-read": { status: 99 } } },
        /expectations\["wrong-key-read"\].status: must be an HTTP status/,
      ],
      [
        { extends: "aws", expectations: { "wrong-key-read": { status: 403, code: 7 } } },
        /\.code: must be an S3 error Code/,
      ],
      [
        { extends: "aws", expectations: { "wrong-key-reed": { status: 403 } } },
        /unknown expectation name \(did you mean "wrong-key-read"\?\)/,
      ],
      [{ extends: "aws", dialect: "xyz" }, /"dialect" must be "amz" or "obs"/],
      [{ extends: "aws", colour: "red" }, /unknown field "colour"/],
      [{ name: "lonely", expectations: {} }, /expectations\["[a-z-]+"\] missing \(extend a built-in profile/],
      ["{ not json", /not valid JSON/],
    ];
    for (const [json, re] of cases) {
      const file = writeProfile(json);
      expect(() => loadProfile(file, IDS), re.source).toThrow(re);
    }
  });

  it("names a profile that is neither built in nor a file", () => {
    expect(() => loadProfile("no-such-profile", IDS)).toThrow(/profile "no-such-profile": neither a built-in profile/);
  });

  it("detects an extends cycle", () => {
    const dir = mkdtempSync(join(tmpdir(), "ssec-profile-"));
    writeFileSync(join(dir, "a.json"), JSON.stringify({ extends: "./b.json" }));
    writeFileSync(join(dir, "b.json"), JSON.stringify({ extends: "./a.json" }));
    expect(() => loadProfile(join(dir, "a.json"), IDS)).toThrow(/cycle/);
  });
});

describe("expiring deviations (until, link)", () => {
  const vendor = (deviation: Record<string, unknown>) =>
    writeProfile({
      name: "acme",
      extends: "aws",
      deviations: { "get-object.*": { expect: "fail", reason: "BUG-1", ...deviation } },
    });

  it("loads until and link, and judges until on the day the profile is loaded", () => {
    const file = vendor({ until: "2026-06-30", link: "https://acme.example/BUG-1" });
    const before = loadProfile(file, IDS, { today: "2026-06-30" });
    expect(before.asOf).toBe("2026-06-30");
    expect(deviationFor(before, "get-object.wrong-key")).toMatchObject({
      until: "2026-06-30",
      link: "https://acme.example/BUG-1",
    });
    expect(declaredDeviation(before, "get-object.wrong-key")).toMatchObject({ key: "get-object.*", expired: false });
    const after = loadProfile(file, IDS, { today: "2026-07-01" });
    expect(declaredDeviation(after, "get-object.wrong-key")).toMatchObject({ key: "get-object.*", expired: true });
    expect(declaredDeviation(after, "put-object.md5-mismatch")).toBeUndefined();
  });

  it("never expires a deviation without until", () => {
    const p = loadProfile(vendor({}), IDS, { today: "2999-01-01" });
    expect(declaredDeviation(p, "get-object.wrong-key")?.expired).toBe(false);
  });

  it("refuses a bad date, an impossible date or a link that is not https, naming the profile, deviation and field", () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [
        { until: "30/06/2026" },
        /deviations\["get-object\.\*"\]\.until: must be a date "YYYY-MM-DD", got "30\/06\/2026"/,
      ],
      [{ until: "2026-02-30" }, /deviations\["get-object\.\*"\]\.until: "2026-02-30" is not a calendar date/],
      [{ until: 20260630 }, /\.until: must be a date/],
      [{ link: "http://acme.example/BUG-1" }, /deviations\["get-object\.\*"\]\.link: must be an https URL/],
      [{ link: "BUG-1" }, /\.link: must be an https URL, got "BUG-1"/],
    ];
    for (const [fields, re] of cases) {
      const file = vendor(fields);
      expect(() => loadProfile(file, IDS), re.source).toThrow(ProfileError);
      expect(() => loadProfile(file, IDS), re.source).toThrow(re);
      // The profile as it was given (its path) first, then the deviation and the field.
      expect(() => loadProfile(file, IDS)).toThrow(`${file}: deviations["get-object.*"].`);
    }
  });
});

describe("deviationFor / expectationFor", () => {
  const profile: Profile = {
    name: "t",
    dialect: "amz",
    expectations: { "wrong-key-read": { status: 403, code: "AccessDenied" } },
    deviations: {
      "get-object.*": { expect: "fail", reason: "broad" },
      "get-object.wrong-*": { status: 400, code: "InvalidArgument", reason: "narrower" },
      "head-object.wrong-key": { reason: "override code", code: "Forbidden" },
    },
  };

  it("prefers an exact id, then the most specific glob", () => {
    expect(deviationFor(profile, "get-object.wrong-key")?.reason).toBe("narrower");
    expect(deviationFor(profile, "get-object.range-suffix")?.reason).toBe("broad");
    expect(deviationFor(profile, "put-object.echo")).toBeUndefined();
  });

  it("applies deviation overrides to the named expectation", () => {
    // A vendor's declared answer is graded as declared: at the check's level.
    expect(expectationFor(profile, def({}))).toEqual({ status: 400, code: "InvalidArgument", exact: "MUST" });
  });

  it("grades HEAD by status only unless a deviation names a code", () => {
    expect(expectationFor(profile, def({ id: "head-object.other", interface: "HEAD Object" }))).toMatchObject({
      status: 403,
      code: null,
    });
    expect(expectationFor(profile, def({ id: "head-object.wrong-key", interface: "HEAD Object" }))).toEqual({
      status: 403,
      code: "Forbidden",
      exact: "MUST",
    });
  });

  it("uses the fallback for checks without a named expectation, and names what is missing", () => {
    // A fallback cites no evidence, so its exact answer is only a SHOULD.
    expect(expectationFor(profile, def({ id: "put-object.echo", expect: undefined }), { status: 200 })).toEqual({
      status: 200,
      exact: "SHOULD",
    });
    expect(() => expectationFor(profile, def({ expect: "nope" }))).toThrow(
      /no expectation "nope" \(needed by get-object.wrong-key\)/,
    );
    expect(() => expectationFor(profile, def({ id: "put-object.echo", expect: undefined }))).toThrow(
      /no profile expectation and no fallback/,
    );
  });
});

describe("levels follow evidence (exactLevel)", () => {
  const aws = loadProfile("aws", IDS);
  // The check's own evidence, as the catalogue cites it.
  const at = (id: string, iface: CheckDef["interface"], expect: string) =>
    expectationFor(aws, def({ id, interface: iface, expect, evidence: getCheck(id).evidence })).exact;

  it("holds an exact answer at MUST where a recorded entry the check cites states it", () => {
    expect(at("put-object.md5-mismatch", "PUT Object", "md5-mismatch")).toBe("MUST");
    expect(at("get-object.wrong-key", "GET Object", "wrong-key-read")).toBe("MUST");
    expect(at("get-object.key-44-bytes", "GET Object", "key-double-base64-read")).toBe("MUST");
  });

  it("makes the exact answer a SHOULD where the evidence establishes only a refusal", () => {
    expect(at("get-object.md5-mismatch", "GET Object", "md5-mismatch")).toBe("SHOULD");
    expect(at("put-object.md5-hex", "PUT Object", "md5-mismatch")).toBe("SHOULD");
    expect(at("get-object.key-16-bytes", "GET Object", "key-invalid-read")).toBe("SHOULD");
    expect(at("copy-object.copy-source-key-44-bytes", "PUT Object - Copy", "key-double-base64-read")).toBe("SHOULD");
  });

  it("never lets a vendor's differing code ride on AWS's record", () => {
    const minio = loadProfile("minio", IDS);
    const d = def({
      id: "upload-part.key-differs-from-initiate",
      interface: "Upload Part",
      expect: "part-different-key",
      evidence: getCheck("upload-part.key-differs-from-initiate").evidence,
    });
    expect(expectationFor(aws, d).exact).toBe("MUST");
    expect(expectationFor(minio, d).exact).toBe("SHOULD");
  });

  it("refuses an expectation citing an evidence id that does not exist", () => {
    const file = writeProfile({
      extends: "aws",
      expectations: { "wrong-key-read": { status: 403, evidence: ["get.wrong-key-refusd"] } },
    });
    expect(() => loadProfile(file, IDS)).toThrow(
      /no evidence entry "get.wrong-key-refusd" \(did you mean "get.wrong-key-refused"\?\)/,
    );
  });
});
