/**
 * The shared header matrix: the same family of malformed SSE-C requests applies to every
 * interface of OBS Table 2 (issue 4 §2). The family is declared once, here, as data; each
 * interface's catalogue file turns it into CheckDefs with `headerCaseChecks(interface)`, so ids
 * stay stable (`<slug>.<case>`) and a new case reaches all eight interfaces at once.
 *
 * A case says WHAT goes on the wire as a `HeaderVariant` (built by `variantHeaders` in
 * harness/ssec/header-variants.ts; the kit's runMatrix sends it) and WHICH named profile
 * expectation grades the answer, for writes and for reads
 * (servers answer some bad keys differently on reads: evidence key.wrong-length-read).
 */
import type { HeaderVariant } from "../ssec/header-variants.ts";
import type { Category, CheckDef, InterfaceName, Level } from "./types.ts";
import { INTERFACES, INTERFACE_SLUGS } from "./types.ts";

export interface HeaderCase {
  /** Case part of the id: `<slug>.<case>`. */
  case: string;
  category: Category;
  level: Level;
  /**
   * Evidence ids of the expected answer (fixtures/evidence/evidence.json), for every interface
   * and for the copy-source trio; `MATRIX_EVIDENCE` follows them in each generated check.
   */
  evidence: readonly string[];
  /**
   * Where the answer rests on other entries: by the generated id's prefix, `<slug>` for an
   * interface's target trio, `<slug>.copy-source` for its copy-source trio.
   */
  evidenceFor?: Readonly<Record<string, readonly string[]>>;
  /** Sentence with `{req}` standing for the interface's request noun ("a PUT", "a GET"). */
  title: string;
  variant: HeaderVariant;
  /** Profile expectation names, for interfaces that write and those that read. */
  expect: { write: string; read: string };
  /**
   * Levels follow evidence: where the refusal itself is not established on an interface, the
   * case is a SHOULD there (e.g. the AWS model defines no x-amz-server-side-encryption request
   * header on Upload Part and Upload Part - Copy: evidence sse-conflict.other-interfaces).
   */
  levelOn?: Partial<Record<InterfaceName, Level>>;
  /**
   * `refused`: the MUST half of a transport case — any 4xx plus nothing stored; the exact code
   * is graded by the SHOULD twin (decision table, evidence http.ssec-refused).
   */
  grade?: "exact" | "refused";
}

/** Cited by every matrix check: the trio itself and the interfaces it applies to. */
export const MATRIX_EVIDENCE: readonly string[] = ["headers.trio", "headers.interfaces"];

/** Where a key of the wrong length is answered on other entries than the shared one (16, 31, 33 bytes). */
const KEY_LENGTH_EVIDENCE: HeaderCase["evidenceFor"] = {
  "put-object": ["key.wrong-length-put"],
  "head-object": ["key.wrong-length-read", "key.invalid-read-other"],
  "get-object": ["key.wrong-length-read", "key.invalid-read-other"],
  "copy-object.copy-source": ["key.invalid-read-other"],
  "upload-part-copy.copy-source": ["key.invalid-read-other"],
};

/** Where an algorithm other than AES256 is answered on other entries than the shared one. */
const INVALID_ALGORITHM_EVIDENCE: HeaderCase["evidenceFor"] = {
  "put-object": ["algorithm.invalid-put"],
  "copy-object": ["algorithm.invalid-copy-target"],
  "head-object": ["algorithm.invalid-head"],
  "get-object": ["algorithm.invalid-get"],
  "copy-object.copy-source": ["algorithm.invalid-copy-source"],
};

/** Where a read (HEAD, GET) carrying x-amz-server-side-encryption is answered: both SSE conflict cases. */
const SSE_HEADER_ON_READ_EVIDENCE: readonly string[] = ["read.sse-header-on-ssec-object", "read.sse-header-refused"];

export const HEADER_CASES: readonly HeaderCase[] = [
  // Each of the three headers missing alone (evidence missing.algorithm-put, missing.key-put, missing.md5).
  {
    case: "missing-algorithm",
    category: "missing-headers",
    level: "MUST",
    evidence: ["missing.header-other-interfaces"],
    evidenceFor: {
      "put-object": ["missing.algorithm-put"],
    },
    title: "refuses {req} that carries the key and key-MD5 but no algorithm header",
    variant: { kind: "omit", header: "algorithm" },
    expect: { write: "missing-algorithm", read: "missing-algorithm" },
  },
  {
    case: "missing-key",
    category: "missing-headers",
    level: "MUST",
    evidence: ["missing.header-other-interfaces"],
    evidenceFor: {
      "put-object": ["missing.key-put"],
    },
    title: "refuses {req} that carries the algorithm and key-MD5 but no key header",
    variant: { kind: "omit", header: "key" },
    expect: { write: "missing-key", read: "missing-key" },
  },
  {
    case: "missing-md5",
    category: "missing-headers",
    level: "MUST",
    evidence: ["missing.md5"],
    title: "refuses {req} that carries the algorithm and key but no key-MD5 header",
    variant: { kind: "omit", header: "md5" },
    expect: { write: "missing-md5", read: "missing-md5" },
  },

  // Algorithm other than AES256 (evidence algorithm.invalid-put, algorithm.invalid-get).
  {
    case: "algorithm-aes128",
    category: "algorithm",
    level: "MUST",
    evidence: ["algorithm.invalid-other"],
    evidenceFor: INVALID_ALGORITHM_EVIDENCE,
    title: "refuses {req} whose algorithm header is AES128",
    variant: { kind: "algorithm", value: "AES128" },
    expect: { write: "invalid-algorithm", read: "invalid-algorithm" },
  },
  {
    case: "algorithm-lowercase",
    category: "algorithm",
    level: "MUST",
    evidence: ["algorithm.invalid-other"],
    evidenceFor: INVALID_ALGORITHM_EVIDENCE,
    title: "refuses {req} whose algorithm header is the lower-case aes256",
    variant: { kind: "algorithm", value: "aes256" },
    expect: { write: "invalid-algorithm", read: "invalid-algorithm" },
  },
  {
    case: "algorithm-empty",
    category: "algorithm",
    level: "MUST",
    evidence: ["algorithm.empty"],
    title: "refuses {req} whose algorithm header is empty",
    variant: { kind: "algorithm", value: "" },
    expect: { write: "empty-algorithm", read: "empty-algorithm" },
  },

  // Keys that are not 256 bits of base64 (evidence key.wrong-length-put, key.not-base64, key.wrong-length-read).
  {
    case: "key-empty",
    category: "bad-key",
    level: "MUST",
    evidence: ["key.empty"],
    title: "refuses {req} whose key header is empty",
    variant: { kind: "key-length", bytes: 0 },
    expect: { write: "empty-key", read: "empty-key" },
  },
  {
    case: "key-16-bytes",
    category: "bad-key",
    level: "MUST",
    evidence: ["key.invalid-write-other"],
    evidenceFor: KEY_LENGTH_EVIDENCE,
    title: "refuses {req} with a 16-byte key and its correct MD5",
    variant: { kind: "key-length", bytes: 16 },
    expect: { write: "key-invalid-write", read: "key-invalid-read" },
  },
  {
    case: "key-31-bytes",
    category: "bad-key",
    level: "MUST",
    evidence: ["key.invalid-write-other"],
    evidenceFor: KEY_LENGTH_EVIDENCE,
    title: "refuses {req} with a 31-byte key and its correct MD5",
    variant: { kind: "key-length", bytes: 31 },
    expect: { write: "key-invalid-write", read: "key-invalid-read" },
  },
  {
    case: "key-33-bytes",
    category: "bad-key",
    level: "MUST",
    evidence: ["key.invalid-write-other"],
    evidenceFor: KEY_LENGTH_EVIDENCE,
    title: "refuses {req} with a 33-byte key and its correct MD5",
    variant: { kind: "key-length", bytes: 33 },
    expect: { write: "key-invalid-write", read: "key-invalid-read" },
  },
  {
    case: "key-44-bytes",
    category: "bad-key",
    level: "MUST",
    evidence: ["key.invalid-write-other"],
    evidenceFor: {
      "put-object": ["key.wrong-length-put"],
      "head-object": ["key.wrong-length-read"],
      "get-object": ["key.wrong-length-read"],
      "copy-object.copy-source": ["key.invalid-read-other"],
      "upload-part-copy.copy-source": ["key.invalid-read-other"],
    },
    title: "refuses {req} whose key is base64-encoded twice (44 bytes) with its correct MD5",
    variant: { kind: "key-double-base64" },
    // The one malformed key AWS is recorded answering on GET and HEAD (key.wrong-length-read).
    expect: { write: "key-invalid-write", read: "key-double-base64-read" },
  },
  {
    case: "key-not-base64",
    category: "bad-key",
    level: "MUST",
    evidence: ["key.not-base64"],
    evidenceFor: {
      "head-object": ["key.not-base64", "key.invalid-read-other"],
      "get-object": ["key.not-base64", "key.invalid-read-other"],
      "copy-object.copy-source": ["key.not-base64", "key.invalid-read-other"],
      "upload-part-copy.copy-source": ["key.not-base64", "key.invalid-read-other"],
    },
    title: "refuses {req} whose key header is not base64",
    variant: { kind: "key-not-base64" },
    expect: { write: "key-invalid-write", read: "key-invalid-read" },
  },
  {
    case: "key-junk-character",
    category: "bad-key",
    level: "MUST",
    evidence: ["key.junk-character"],
    title: "refuses {req} whose key is a valid key's base64 with one character outside the alphabet inserted",
    variant: { kind: "key-junk-character" },
    expect: { write: "key-invalid-write", read: "key-invalid-read" },
  },

  // Key-MD5 that does not belong to the key (evidence md5.mismatch-put).
  {
    case: "md5-mismatch",
    category: "bad-md5",
    level: "MUST",
    evidence: ["md5.mismatch-other"],
    evidenceFor: {
      "put-object": ["md5.mismatch-put"],
    },
    title: "refuses {req} whose key-MD5 is sixteen bytes that are not the key's MD5",
    variant: { kind: "md5", value: "other-bytes" },
    expect: { write: "md5-mismatch", read: "md5-mismatch" },
  },
  {
    case: "md5-hex",
    category: "bad-md5",
    level: "MUST",
    evidence: ["md5.malformed"],
    title: "refuses {req} whose key-MD5 is the right digest written in hex instead of base64",
    variant: { kind: "md5", value: "hex" },
    expect: { write: "md5-mismatch", read: "md5-mismatch" },
  },
  {
    case: "md5-of-other-key",
    category: "bad-md5",
    level: "MUST",
    evidence: ["md5.mismatch-other"],
    evidenceFor: {
      "put-object": ["md5.mismatch-put"],
    },
    title: "refuses {req} whose key-MD5 is the MD5 of another valid key",
    variant: { kind: "md5", value: "other-key" },
    expect: { write: "md5-mismatch", read: "md5-mismatch" },
  },
  {
    case: "md5-not-base64",
    category: "bad-md5",
    level: "MUST",
    evidence: ["md5.malformed"],
    title: "refuses {req} whose key-MD5 header is not base64",
    variant: { kind: "md5", value: "not-base64" },
    expect: { write: "md5-mismatch", read: "md5-mismatch" },
  },
  {
    case: "md5-case-swapped",
    category: "bad-md5",
    level: "MUST",
    evidence: ["md5.malformed"],
    title: "refuses {req} whose key-MD5 is the key's base64 MD5 with the case of its letters swapped",
    variant: { kind: "md5", value: "case-swapped" },
    expect: { write: "md5-mismatch", read: "md5-mismatch" },
  },
  {
    case: "md5-obs-typo-pair",
    category: "bad-md5",
    level: "MUST",
    evidence: ["vectors.obs-native-typo-pair", "md5.mismatch-other"],
    evidenceFor: {
      "put-object": ["vectors.obs-native-typo-pair", "md5.mismatch-put"],
    },
    title: "refuses {req} with the OBS documentation's key and key-MD5 pair, which do not match",
    variant: { kind: "obs-typo-pair" },
    expect: { write: "md5-mismatch", read: "md5-mismatch" },
  },

  // SSE-C together with another server-side encryption method (evidence sse-conflict.put,
  // sse-conflict.other-interfaces); on reads the
  // x-amz-server-side-encryption header is refused as such (evidence read.sse-header-refused, headers.trio), code
  // not recorded.
  {
    case: "with-sse-aes256",
    category: "algorithm",
    level: "MUST",
    evidence: ["sse-conflict.other-interfaces"],
    evidenceFor: {
      "put-object": ["sse-conflict.put"],
      "copy-object": ["sse-conflict.copy"],
      "head-object": SSE_HEADER_ON_READ_EVIDENCE,
      "get-object": SSE_HEADER_ON_READ_EVIDENCE,
    },
    title: "refuses {req} that carries the SSE-C headers together with server-side-encryption AES256",
    variant: { kind: "with-sse", value: "AES256" },
    expect: { write: "sse-c-with-sse", read: "sse-header-on-read" },
    levelOn: { "Upload Part": "SHOULD", "Upload Part - Copy": "SHOULD" },
  },
  {
    case: "with-sse-kms",
    category: "algorithm",
    level: "MUST",
    evidence: ["sse-conflict.other-interfaces"],
    evidenceFor: {
      "put-object": ["sse-conflict.kms"],
      "copy-object": ["sse-conflict.kms"],
      "head-object": SSE_HEADER_ON_READ_EVIDENCE,
      "get-object": SSE_HEADER_ON_READ_EVIDENCE,
    },
    title: "refuses {req} that carries the SSE-C headers together with server-side-encryption aws:kms",
    variant: { kind: "with-sse", value: "aws:kms" },
    expect: { write: "sse-c-with-sse", read: "sse-header-on-read" },
    levelOn: { "Upload Part": "SHOULD", "Upload Part - Copy": "SHOULD" },
  },

  // Plain HTTP (evidence http.ssec-refused): refusing it is a MUST, the exact code a SHOULD (decision table).
  {
    case: "plain-http-refused",
    category: "transport",
    level: "MUST",
    evidence: ["http.ssec-refused"],
    title: "refuses {req} with SSE-C headers sent over plain HTTP and keeps nothing of it",
    variant: { kind: "plain-http" },
    expect: { write: "http-refused", read: "http-refused" },
    grade: "refused",
  },
  {
    case: "plain-http-code",
    category: "transport",
    level: "SHOULD",
    evidence: ["http.ssec-refused"],
    title: "answers {req} with SSE-C headers over plain HTTP with the profile's error code",
    variant: { kind: "plain-http" },
    expect: { write: "http-refused", read: "http-refused" },
  },
];

/** How each interface's requests are named in matrix titles, and whether they read or write. */
export const HEADER_CASE_SUBJECT: Record<InterfaceName, { req: string; kind: "write" | "read" }> = {
  "PUT Object": { req: "a PUT Object request", kind: "write" },
  "POST Object": { req: "a POST Object form", kind: "write" },
  "PUT Object - Copy": { req: "a copy request (target headers)", kind: "write" },
  "HEAD Object": { req: "a HEAD Object request", kind: "read" },
  "GET Object": { req: "a GET Object request", kind: "read" },
  "Initiate Multipart Upload": { req: "an Initiate Multipart Upload request", kind: "write" },
  "Upload Part": { req: "an Upload Part request", kind: "write" },
  "Upload Part - Copy": { req: "an Upload Part - Copy request (target headers)", kind: "write" },
};

/** The case's own evidence ids for the generated id prefix `scope` (see `HeaderCase.evidenceFor`). */
export function caseEvidence(c: HeaderCase, scope: string): readonly string[] {
  return c.evidenceFor?.[scope] ?? c.evidence;
}

/** The matrix case behind a check id, if the id is a matrix check. */
export function headerCaseOf(id: string): HeaderCase | undefined {
  const dot = id.indexOf(".");
  const name = id.slice(dot + 1);
  return HEADER_CASES.find((c) => c.case === name);
}

/** The matrix as CheckDefs for one interface. */
export function headerCaseChecks(iface: InterfaceName): CheckDef[] {
  const slug = INTERFACE_SLUGS[iface];
  const subject = HEADER_CASE_SUBJECT[iface];
  return HEADER_CASES.map((c) => ({
    id: `${slug}.${c.case}`,
    interface: iface,
    category: c.category,
    level: c.levelOn?.[iface] ?? c.level,
    evidence: [...caseEvidence(c, slug), ...MATRIX_EVIDENCE],
    title: c.title.replace("{req}", subject.req),
    expect: c.expect[subject.kind],
  }));
}
