/** The stateful model: what a command sends, what it must get, and the state it leaves (pure functions). */
import { describe, expect, it } from "vitest";
import { applicable, EMPTY_MODEL, resolveTrio, sliceOf, type Command, type Model } from "./model.ts";
import { plan } from "./plan.ts";

function after(cmds: Command[]): { model: Model; last: ReturnType<typeof plan> } {
  let model = EMPTY_MODEL;
  let last = plan(model, cmds[0]!);
  for (const c of cmds) {
    last = plan(model, c);
    model = last.next;
  }
  return { model, last };
}

const putA: Command = { op: "put", name: "a", trio: { kind: "key", key: "A" }, body: { label: "b0", size: 10 } };

describe("stateful model", () => {
  it("a PUT is read back with its key; another key is the wrong-key refusal", () => {
    const { model, last } = after([putA]);
    expect(last.calls.map((c) => [c.op, c.expect.kind])).toEqual([
      ["PUT", "ok"],
      ["HEAD", "ok"],
    ]);
    const get = plan(model, { op: "get", name: "a", trio: { kind: "other" } }).calls[0]!;
    expect(get.trio).toEqual({ kind: "key", key: "B" });
    expect(get.expect).toEqual({ kind: "refused", names: ["wrong-key-read"] });
  });

  it("a refused write changes nothing; a delete leaves the name gone", () => {
    const refused = after([
      putA,
      { op: "put", name: "a", trio: { kind: "bad-md5", key: "B" }, body: { label: "b1", size: 3 } },
    ]);
    expect(refused.last.calls[0]!.expect).toEqual({ kind: "refused", names: ["md5-mismatch"] });
    expect(refused.model.objects.a?.key).toBe("A");
    const deleted = after([putA, { op: "delete", name: "a" }]);
    expect(deleted.last.calls[1]!.expect).toEqual({ kind: "gone", code: "NoSuchKey" });
  });

  it("an in-place rotation moves reads to the new key; a copy onto itself with the same key is not generated", () => {
    const rotate: Command = {
      op: "copy",
      from: "a",
      to: "a",
      source: { kind: "own" },
      target: { kind: "key", key: "C" },
    };
    const { model } = after([putA, rotate]);
    expect(model.objects.a?.key).toBe("C");
    const same: Command = { op: "copy", from: "a", to: "a", source: { kind: "own" }, target: { kind: "own" } };
    expect(applicable(after([putA]).model, same)).toBe(false);
  });

  it("a part must carry its upload's key; Complete makes the object; an aborted upload is gone", () => {
    const init: Command = { op: "initiate", name: "b", trio: { kind: "key", key: "B" } };
    const wrong = after([
      init,
      { op: "upload-part", upload: 0, part: 1, trio: { kind: "other" }, body: { label: "b0", size: 5 } },
    ]);
    expect(wrong.last.calls[0]!.expect).toEqual({ kind: "refused", names: ["part-different-key"] });
    const done = after([
      init,
      { op: "upload-part", upload: 0, part: 1, trio: { kind: "own" }, body: { label: "b0", size: 5 } },
      { op: "complete", upload: 0 },
    ]);
    expect(done.model.objects.b).toMatchObject({ key: "B", multipart: true });
    const aborted = after([init, { op: "abort", upload: 0 }]);
    expect(aborted.last.calls[1]!.expect).toEqual({ kind: "gone", code: "NoSuchUpload" });
  });

  it("slices contents and resolves trios", () => {
    expect(
      sliceOf(
        [
          { label: "x", start: 0, length: 4 },
          { label: "y", start: 2, length: 4 },
        ],
        2,
        5,
      ),
    ).toEqual([
      { label: "x", start: 2, length: 2 },
      { label: "y", start: 2, length: 2 },
    ]);
    expect(resolveTrio({ kind: "own" }, undefined)).toEqual({ kind: "none" });
    expect(resolveTrio({ kind: "other" }, "C")).toEqual({ kind: "key", key: "A" });
  });
});
