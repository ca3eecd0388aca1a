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
    id: "get-object.stateful-object-lifecycle",
    interface: "GET Object",
    category: "stateful",
    level: "MUST",
    evidence: [
      "get.wrong-key-refused",
      ...COMMON,
      "copy.rotate-in-place",
      "range.ssec",
      "range.unsatisfiable",
      "part-number.single-part",
      "part-number.out-of-range",
      "post.form-fields",
    ],
    title:
      "answers every GET (whole, ranged, by part number) and HEAD from the object's current state through any sequence of PUTs, POSTs, copies, in-place key rotations, overwrites and deletes, and a refused write changes nothing",
    expect: "wrong-key-read",
  },
  {
    id: "upload-part.stateful-upload-lifecycle",
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
      "upload-part-copy.target-trio",
      "upload-part-copy.from-ssec-source",
      "upload-part-copy.source-key-required",
      "complete.without-key",
      "list-parts.without-key",
      "multipart.completed-round-trip",
      "part-number.read",
      "state.abort-removes",
    ],
    title:
      "keeps each multipart upload's key, parts and state through any sequence of Initiate, Upload Part, Upload Part - Copy, Complete, Abort and List Parts on names that also take PUTs and copies, and the completed object reads only with its upload's key",
    expect: "part-different-key",
  },
];
