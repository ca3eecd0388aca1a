/**
 * What a command of the stateful model sends and must get back, and the state it leaves: a pure
 * function of the model and the command. Refusals are named by the profile's expectations (the
 * same names the interface suites grade by), in the order the checks apply (bucket and upload
 * first, then the target trio, the copy-source trio, the source, the key): evidence
 * algorithm.invalid-copy-source (the trio is validated before the source is looked at),
 * get.no-key-refused, get.wrong-key-refused, copy.source-key-required, copy.source-wrong-key,
 * upload-part.different-key-refused, part-number.out-of-range, range.unsatisfiable.
 *
 * Every write is followed by a read-back of what it left (a HEAD with the key the model says the
 * name is under, or the upload's ListParts), so each command checks what was or was not stored.
 */
import { missingParts } from "../../ssec/arbitraries/index.ts";
import { MISSING_EXPECTATION } from "../refusal-names.ts";
import type {
  Body,
  Call,
  KeyLabel,
  Command,
  Content,
  Expected,
  Model,
  Name,
  ObjectState,
  Trio,
  UploadState,
} from "./model.ts";
import { resolveRange, resolveTrio, sizeOf, sliceOf, uploadIndex } from "./model.ts";

const OK: Expected = { kind: "ok", status: [200] };
const refused = (...names: string[]): Expected => ({ kind: "refused", names });

/** The refusal a spelled-wrong trio gets, whatever it is sent to; undefined for a well-formed one. */
function trioRefusal(t: Trio | undefined): Expected | undefined {
  if (!t) return undefined;
  if (t.kind === "partial") return refused(...missingParts(t.present).map((p) => MISSING_EXPECTATION[p]));
  if (t.kind === "bad-md5") return refused("md5-mismatch");
  return undefined;
}

const keyOf = (t: Trio): KeyLabel | undefined => (t.kind === "key" ? t.key : undefined);
const contentOf = (b: Body): Content => (b.size ? [{ label: b.label, start: 0, length: b.size }] : []);

/** The trio that reads an object as the model has it. */
export function trioFor(o: ObjectState | undefined): Trio {
  return o?.key ? { kind: "key", key: o.key } : { kind: "none" };
}

/** A HEAD of `name` with the key it is under: what a write left (or removed). */
function readBack(m: Model, name: Name): Call {
  const o = m.objects[name];
  return {
    op: "HEAD",
    name,
    trio: trioFor(o),
    readBack: true,
    expect: o ? { kind: "ok", status: [200], length: sizeOf(o.content) } : { kind: "gone", code: "NoSuchKey" },
  };
}

/** ListParts of an upload: its parts, or gone once closed (evidence list-parts.without-key). */
function listParts(m: Model, upload: number, readBackCall: boolean): Call {
  const u = m.uploads[upload]!;
  const parts = Object.keys(u.parts)
    .map(Number)
    .sort((a, b) => a - b);
  return {
    op: "LIST-PARTS",
    name: u.name,
    upload,
    ...(readBackCall ? { readBack: true } : {}),
    expect: u.state === "open" ? { kind: "ok", status: [200], parts } : { kind: "gone", code: "NoSuchUpload" },
  };
}

/** A GET or HEAD of what the model has under `name`. */
function readExpect(
  o: ObjectState | undefined,
  t: Trio,
  head: boolean,
  range?: Call["range"],
  part?: number,
): Expected {
  if (!o) return { kind: "gone", code: "NoSuchKey" };
  const bad = trioRefusal(t);
  if (bad) return bad;
  const sent = keyOf(t);
  if (o.key && !sent) return refused(head ? "read-without-key-head" : "read-without-key");
  if (o.key && sent !== o.key) return refused("wrong-key-read");
  if (!o.key && sent) return refused("ssec-on-plain-read");
  const size = sizeOf(o.content);
  if (part !== undefined) {
    if (part !== 1) return refused("part-number-invalid");
    // A part of a multipart object answers 206, the whole of a single-part one 200 (evidence part-number.read,
    // part-number.single-part).
    return { kind: "ok", status: o.multipart ? [206] : [200, 206], ...(head ? { length: size } : { body: o.content }) };
  }
  if (range) {
    if (range.first >= size) return refused("range-unsatisfiable");
    const body = sliceOf(o.content, range.first, Math.min(range.last, size - 1));
    return { kind: "ok", status: [206], ...(head ? { length: sizeOf(body) } : { body }) };
  }
  return { kind: "ok", status: [200], ...(head ? { length: size } : { body: o.content }) };
}

/** The copy-source side of a copy: the refusal it gets, or undefined when the source reads. */
function sourceRefusal(src: ObjectState | undefined, t: Trio): Expected | undefined {
  const bad = trioRefusal(t);
  if (bad) return bad;
  if (!src) return { kind: "gone", code: "NoSuchKey" };
  const sent = keyOf(t);
  if (src.key && !sent) return refused("copy-source-missing");
  if (!src.key && sent) return refused("copy-source-on-plain-source");
  if (src.key && sent !== src.key) return refused("copy-source-wrong-key");
  return undefined;
}

/** The part-side refusal of Upload Part and Upload Part - Copy (the upload exists and is open). */
function partRefusal(u: UploadState, t: Trio): Expected | undefined {
  const bad = trioRefusal(t);
  if (bad) return bad;
  const sent = keyOf(t);
  if (u.key && !sent) return refused("part-missing-key");
  if (!u.key && sent) return refused("part-ssec-on-plain-upload");
  if (u.key && sent !== u.key) return refused("part-different-key");
  return undefined;
}

function withObject(m: Model, name: Name, o: ObjectState | undefined): Model {
  const objects = { ...m.objects };
  if (o) objects[name] = o;
  else delete objects[name];
  return { ...m, objects };
}

function withUpload(m: Model, i: number, u: UploadState): Model {
  return { ...m, uploads: m.uploads.map((x, j) => (j === i ? u : x)) };
}

export interface Planned {
  calls: Call[];
  /** The model after the command (the same one when it was refused). */
  next: Model;
}

/** The requests of a command and the state it leaves. */
export function plan(m: Model, c: Command): Planned {
  switch (c.op) {
    case "put":
    case "post": {
      const trio = resolveTrio(c.trio, m.objects[c.name]?.key);
      const bad = trioRefusal(trio);
      const next = bad ? m : withObject(m, c.name, { key: keyOf(trio), content: contentOf(c.body), multipart: false });
      const op = c.op === "put" ? "PUT" : "POST";
      const ok: Expected = { kind: "ok", status: c.op === "put" ? [200] : [200, 201, 204] };
      return {
        calls: [{ op, name: c.name, trio, body: contentOf(c.body), expect: bad ?? ok }, readBack(next, c.name)],
        next,
      };
    }
    case "copy": {
      const src = m.objects[c.from];
      const source = resolveTrio(c.source, src?.key);
      const target = resolveTrio(c.target, m.objects[c.to]?.key);
      const bad = trioRefusal(target) ?? sourceRefusal(src, source);
      const next = bad ? m : withObject(m, c.to, { key: keyOf(target), content: src!.content, multipart: false });
      const call: Call = { op: "COPY", name: c.to, from: c.from, source, trio: target, expect: bad ?? OK };
      return { calls: [call, readBack(next, c.to)], next };
    }
    case "head": {
      const o = m.objects[c.name];
      const trio = resolveTrio(c.trio, o?.key);
      return { calls: [{ op: "HEAD", name: c.name, trio, expect: readExpect(o, trio, true) }], next: m };
    }
    case "get": {
      const o = m.objects[c.name];
      const trio = resolveTrio(c.trio, o?.key);
      const range =
        c.range && c.partNumber === undefined ? resolveRange(c.range, o ? sizeOf(o.content) : 0) : undefined;
      const expect = readExpect(o, trio, false, range, c.partNumber);
      const call: Call = { op: "GET", name: c.name, trio, expect, ...(range ? { range } : {}) };
      if (c.partNumber !== undefined) call.partNumber = c.partNumber;
      return { calls: [call], next: m };
    }
    case "delete": {
      const next = withObject(m, c.name, undefined);
      return {
        calls: [{ op: "DELETE", name: c.name, expect: { kind: "ok", status: [204] } }, readBack(next, c.name)],
        next,
      };
    }
    case "initiate": {
      const trio = resolveTrio(c.trio, m.objects[c.name]?.key);
      const bad = trioRefusal(trio);
      const next: Model = bad
        ? m
        : { ...m, uploads: [...m.uploads, { name: c.name, key: keyOf(trio), parts: {}, state: "open" }] };
      const call: Call = { op: "INITIATE", name: c.name, trio, expect: bad ?? OK };
      if (!bad) call.upload = m.uploads.length;
      return { calls: [call], next };
    }
    case "upload-part":
    case "upload-part-copy": {
      const i = uploadIndex(m, c.upload)!;
      const u = m.uploads[i]!;
      const call: Call =
        c.op === "upload-part"
          ? {
              op: "UPLOAD-PART",
              name: u.name,
              upload: i,
              partNumber: c.part,
              trio: resolveTrio(c.trio, u.key),
              body: contentOf(c.body),
              expect: OK,
            }
          : {
              op: "UPLOAD-PART-COPY",
              name: u.name,
              upload: i,
              partNumber: c.part,
              trio: resolveTrio(c.target, u.key),
              from: c.from,
              source: resolveTrio(c.source, m.objects[c.from]?.key),
              expect: OK,
            };
      let content: Content | undefined;
      let bad: Expected | undefined =
        u.state !== "open" ? { kind: "gone", code: "NoSuchUpload" } : partRefusal(u, call.trio!);
      if (c.op === "upload-part") content = contentOf(c.body);
      else {
        const src = m.objects[c.from];
        const size = src ? sizeOf(src.content) : 0;
        // A copy-source range inside the source (an empty source is copied whole).
        if (c.range && size > 0) {
          const r = resolveRange({ from: Math.min(c.range.from, 99), to: c.range.to }, size);
          call.range = { first: Math.min(r.first, size - 1), last: Math.min(r.last, size - 1) };
        }
        bad ??= sourceRefusal(src, call.source!);
        if (!bad) content = call.range ? sliceOf(src!.content, call.range.first, call.range.last) : src!.content;
      }
      if (bad) call.expect = bad;
      const next = bad ? m : withUpload(m, i, { ...u, parts: { ...u.parts, [c.part]: content! } });
      return { calls: [call, ...(u.state === "open" ? [listParts(next, i, true)] : [])], next };
    }
    case "complete": {
      const i = uploadIndex(m, c.upload)!;
      const u = m.uploads[i]!;
      const call: Call = { op: "COMPLETE", name: u.name, upload: i, completeParts: [1], expect: OK };
      if (u.state !== "open") {
        call.expect = { kind: "gone", code: "NoSuchUpload" };
        return { calls: [call], next: m };
      }
      // One part: parts before the last must be 5 MiB, and these sequences keep parts small. Evidence complete.without-key.
      const done = withUpload(m, i, { ...u, state: "completed" });
      const next = withObject(done, u.name, { key: u.key, content: u.parts[1]!, multipart: true });
      return { calls: [call, readBack(next, u.name)], next };
    }
    case "abort": {
      const i = uploadIndex(m, c.upload)!;
      const u = m.uploads[i]!;
      if (u.state !== "open")
        return {
          calls: [{ op: "ABORT", name: u.name, upload: i, expect: { kind: "gone", code: "NoSuchUpload" } }],
          next: m,
        };
      const next = withUpload(m, i, { ...u, state: "aborted" });
      return {
        calls: [
          { op: "ABORT", name: u.name, upload: i, expect: { kind: "ok", status: [204] } },
          listParts(next, i, true),
        ],
        next,
      };
    }
    case "list-parts":
      return { calls: [listParts(m, uploadIndex(m, c.upload)!, false)], next: m };
  }
}
