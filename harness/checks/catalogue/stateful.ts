/**
 * The stateful checks (issue 15; suites/stateful/): each runs generated sequences of requests
 * against one bucket and compares every answer with the model (harness/checks/stateful/). One
 * check per family of invariants, under the interface it mainly exercises; its id is
 * `<interface-slug>.stateful-<family>`. Their refusals are graded by the profile's named
 * expectations, so they cite the evidence those rest on.
 */
import type { CheckDef } from "../types.ts";

/** What every answer of a sequence rests on: the refusals of reads, writes and copies, and state. */
const COMMON = [
  "state.reads-follow-writes",
  "put.overwrite-rekeys",
  "put.refused-write-changes-nothing",
  "head.wrong-key-refused",
  "get.no-key-refused",
  "head.no-key-refused",
  "read.wrong-key-every-path",
  "read.ssec-on-plain-object",
  "md5.mismatch-put",
  "md5.mismatch-other",
  "missing.algorithm-put",
  "missing.key-put",
  "missing.md5",
  "missing.header-other-interfaces",
  "copy.source-key-required",
  "copy.source-wrong-key",
  "copy.source-headers-on-plain-source",
  "headers.copy-source-trio",
  "state.delete-removes",
] as const;

export const checks: CheckDef[] = [
  {
    id: "get-object.stateful-overwrites",
    interface: "GET Object",
    category: "stateful",
    level: "MUST",
    evidence: [
      "get.wrong-key-refused",
      ...COMMON,
      "range.ssec",
      "range.unsatisfiable",
      "part-number.single-part",
      "part-number.out-of-range",
      "post.form-fields",
    ],
    title:
      "answers every GET (whole, ranged, by part number) and HEAD by the last accepted write of the name through any sequence of PUTs, POSTs, overwrites under other keys or none, refused writes and deletes",
    expect: "wrong-key-read",
  },
  {
    id: "copy-object.stateful-copies",
    interface: "PUT Object - Copy",
    category: "stateful",
    level: "MUST",
    evidence: [
      "copy.source-wrong-key",
      ...COMMON.filter((id) => id !== "copy.source-wrong-key"),
      "copy.rotate-in-place",
      "copy.ssec-to-ssec",
      "copy.ssec-to-plain",
      "copy.plain-to-ssec",
      "range.ssec",
      "range.unsatisfiable",
      "part-number.single-part",
      "part-number.out-of-range",
    ],
    title:
      "answers every read of a copy target by the copy's target key through any sequence of copies between names and onto themselves (in-place key rotations), with ranged and part-number reads following the rotation",
    expect: "copy-source-wrong-key",
  },
  {
    id: "upload-part.stateful-uploads",
    interface: "Upload Part",
    category: "stateful",
    level: "MUST",
    evidence: [
      "upload-part.different-key-refused",
      ...COMMON,
      "get.wrong-key-refused",
      "upload-part.same-trio-required",
      "upload-part.missing-key-refused",
      "upload-part.ssec-on-plain-upload-refused",
      "complete.without-key",
      "list-parts.without-key",
      "multipart.completed-round-trip",
      "part-number.read",
      "part-number.out-of-range",
      "state.abort-removes",
    ],
    title:
      "keeps each multipart upload's own key, parts and state through any sequence of Initiate, Upload Part, Complete, Abort and List Parts, several uploads to a name included, and the completed object reads only with its upload's key",
    expect: "part-different-key",
  },
  {
    id: "upload-part-copy.stateful-part-copies",
    interface: "Upload Part - Copy",
    category: "stateful",
    level: "MUST",
    evidence: [
      "upload-part-copy.target-trio",
      ...COMMON,
      "get.wrong-key-refused",
      "upload-part.different-key-refused",
      "upload-part.same-trio-required",
      "upload-part-copy.from-ssec-source",
      "upload-part-copy.from-plain-source",
      "upload-part-copy.source-key-required",
      "complete.without-key",
      "multipart.completed-round-trip",
      "state.abort-removes",
    ],
    title:
      "seals every copied part under its upload's key, whatever key its source is under, through any sequence of source writes, Initiate, whole and ranged Upload Part - Copy and Complete, and the completed object reads only with its upload's key",
    expect: "part-different-key",
  },
];
