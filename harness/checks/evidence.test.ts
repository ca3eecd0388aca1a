import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CATALOGUE } from "./catalogue.ts";
import {
  EVIDENCE_FILE,
  citationProblems,
  evidenceById,
  evidenceProblems,
  evidenceRefs,
  loadEvidence,
} from "./evidence.ts";

const LS = "8b9a79f05846835cf4dff63ab7eefdde9df83783";

/** A valid recorded entry; each rule test breaks one thing of it. */
const good = () => ({
  id: "get.no-key-refused",
  statement: "A GET Object of an SSE-C object without the SSE-C headers is refused with 400 InvalidRequest.",
  grade: "recorded",
  status: 400,
  code: "InvalidRequest",
  sources: [
    {
      url: `https://github.com/localstack/localstack/blob/${LS}/tests/aws/services/s3/test_s3.snapshot.json`,
      kind: "aws-recorded",
      commit: LS,
      note: "recorded against AWS on 2026-02-21: TestS3SSECEncryption::test_object_retrieval_sse_c",
    },
  ],
});
const problemsOf = (...entries: unknown[]) => evidenceProblems({ entries });

describe("the shipped evidence base", () => {
  const entries = loadEvidence();

  it("loads and passes every rule", () => {
    expect(evidenceProblems(JSON.parse(readFileSync(EVIDENCE_FILE, "utf8")))).toEqual([]);
    expect(entries.length).toBeGreaterThan(50);
  });

  it("is cited by every check, and every id a check cites resolves", () => {
    expect(citationProblems(new Set(evidenceById(entries).keys()), CATALOGUE)).toEqual([]);
  });

  it("gives every check its entries with a grade and at least one public link", () => {
    for (const c of CATALOGUE) {
      const refs = evidenceRefs(c.evidence);
      expect(refs.length, c.id).toBeGreaterThan(0);
      for (const r of refs) {
        expect(r.grade, `${c.id} → ${r.id}`).toMatch(/^(recorded|documented|consensus|inferred)$/);
        expect(r.links.length, `${c.id} → ${r.id}`).toBeGreaterThan(0);
        for (const l of r.links) expect(l, `${c.id} → ${r.id}`).toMatch(/^https:\/\/[^/]+\.[^/]+\//);
      }
    }
  });
});

describe("evidenceProblems", () => {
  it("accepts a valid entry", () => {
    expect(problemsOf(good())).toEqual([]);
  });

  it("fails on duplicate ids", () => {
    expect(problemsOf(good(), good())).toContain("get.no-key-refused: duplicate id");
  });

  it("fails on an entry without a public https source", () => {
    expect(problemsOf({ ...good(), sources: [] })).toContain("get.no-key-refused: no sources");
    const http = { ...good().sources[0], url: "http://example.com/page" };
    expect(problemsOf({ ...good(), sources: [http] })).toContain(
      "get.no-key-refused source #1: url is not a public https link",
    );
    const local = { ...good().sources[0], url: "https://localhost/x" };
    expect(problemsOf({ ...good(), sources: [local] })).toContain(
      "get.no-key-refused source #1: url is not a public https link",
    );
  });

  it("fails on an unknown grade or kind", () => {
    expect(problemsOf({ ...good(), grade: "likely" })).toContain('get.no-key-refused: unknown grade "likely"');
    const blog = { ...good().sources[0], kind: "blog" };
    expect(problemsOf({ ...good(), sources: [blog] })).toContain('get.no-key-refused source #1: unknown kind "blog"');
  });

  it("fails on a recorded entry without an aws-recorded source", () => {
    const doc = {
      url: "https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html",
      kind: "aws-doc",
      note: "x",
    };
    expect(problemsOf({ ...good(), sources: [doc] })).toContain(
      "get.no-key-refused: recorded without an aws-recorded source",
    );
  });

  it("fails on a documented entry without an aws-doc or obs-doc source", () => {
    const issue = { url: "https://github.com/minio/minio/issues/1", kind: "vendor-issue", note: "x" };
    expect(problemsOf({ ...good(), grade: "documented", sources: [issue] })).toContain(
      "get.no-key-refused: documented without an aws-doc or obs-doc source",
    );
  });

  it("fails on an exact status or code below documented", () => {
    const issue = { url: "https://github.com/minio/minio/issues/1", kind: "vendor-issue", note: "x" };
    const problems = problemsOf({ ...good(), grade: "consensus", sources: [issue] });
    expect(problems).toContain("get.no-key-refused: a consensus entry carries an exact status");
    expect(problemsOf({ ...good(), status: undefined })).toContain("get.no-key-refused: code without status");
  });

  it("fails on a recorded source without a date or a link not pinned to its commit", () => {
    const undated = { ...good().sources[0], note: "TestS3SSECEncryption" };
    expect(problemsOf({ ...good(), sources: [undated] })).toContain(
      "get.no-key-refused source #1: aws-recorded note names no date",
    );
    const unpinned = { ...good().sources[0], commit: "0".repeat(40) };
    expect(problemsOf({ ...good(), sources: [unpinned] })).toContain(
      "get.no-key-refused source #1: url is not pinned to commit",
    );
  });

  it("fails on any mention of unshipped documents", () => {
    for (const note of ["see BEHAVIOUR E10", "/work/shared/x.txt", "DESIGN.md says so", "seed Table 2 row 5"]) {
      expect(problemsOf({ ...good(), note }).some((p) => p.includes("mentions an unshipped document"))).toBe(true);
    }
  });

  it("fails on an entry that spells out a 256-bit key", () => {
    const statement = `The key ${Buffer.alloc(32, 7).toString("base64")} is accepted.`;
    expect(problemsOf({ ...good(), statement })).toContain(
      "get.no-key-refused: carries a 256-bit key (reports print entries: name it, do not spell it)",
    );
  });

  it("fails on ids that are not dotted kebab-case and on unknown fields", () => {
    expect(problemsOf({ ...good(), id: "GetNoKey" })).toContain("GetNoKey: id is not dotted kebab-case");
    expect(problemsOf({ ...good(), level: "MUST" })).toContain('get.no-key-refused: unknown field "level"');
  });
});

describe("citationProblems", () => {
  const ids = new Set(["get.no-key-refused"]);

  it("fails on a check that cites nothing, an id twice, or an id that does not resolve", () => {
    const catalogue = [
      { id: "get-object.without-key", evidence: [] },
      { id: "get-object.wrong-key", evidence: ["get.no-key-refused", "get.no-key-refused"] },
      { id: "head-object.without-key", evidence: ["get.nope"] },
    ];
    expect(citationProblems(ids, catalogue)).toEqual([
      "get-object.without-key: cites no evidence",
      "get-object.wrong-key: cites an entry twice",
      'head-object.without-key: cites unknown evidence "get.nope"',
    ]);
  });

  it("accepts a check whose ids all resolve", () => {
    expect(citationProblems(ids, [{ id: "get-object.without-key", evidence: ["get.no-key-refused"] }])).toEqual([]);
  });
});

describe("evidenceRefs", () => {
  it("resolves ids to grade, statement and links, in the order cited", () => {
    const [a, b] = evidenceRefs(["get.no-key-refused", "headers.trio"]);
    expect(a.id).toBe("get.no-key-refused");
    expect(a.grade).toBe("recorded");
    expect(a.links[0]).toMatch(/^https:\/\//);
    expect(b.id).toBe("headers.trio");
  });

  it("throws on an id that does not resolve", () => {
    expect(() => evidenceRefs(["get.nope"])).toThrow(/unknown evidence id "get\.nope"/);
  });
});
