/**
 * The property checks (issue 5; suites/properties/): four families, each run as one fast-check
 * property per Table 2 interface it applies to. A property's check id is
 * `<interface-slug>.property-<family>`; its `expect` names the profile expectation of its main
 * refusal (a vendor's deviation for the id overrides every refusal the property grades).
 */
import type { CheckDef, InterfaceName } from "../types.ts";
import { INTERFACES, INTERFACE_SLUGS } from "../types.ts";

function prop(
  iface: InterfaceName,
  family: string,
  evidence: readonly string[],
  title: string,
  expect: string,
): CheckDef {
  return {
    id: `${INTERFACE_SLUGS[iface]}.property-${family}`,
    interface: iface,
    category: "property",
    level: "MUST",
    evidence,
    title,
    expect,
  };
}

/** PUT Object's answers are recorded from AWS; the other interfaces' rest on the documentation. */
const onPut = (iface: InterfaceName, put: string, other: string): string => (iface === "PUT Object" ? put : other);

/** wrong-keys: for any K and K' ≠ K (random, one bit, one byte, reversed; MD5 correct for K'). */
const wrongKeys: CheckDef[] = [
  prop(
    "GET Object",
    "wrong-key",
    ["get.wrong-key-refused", "read.wrong-key-every-path"],
    "refuses a GET of an object stored under any key K with any other key K' and returns none of its bytes",
    "wrong-key-read",
  ),
  prop(
    "HEAD Object",
    "wrong-key",
    ["head.wrong-key-refused"],
    "refuses a HEAD of an object stored under any key K with any other key K'",
    "wrong-key-read",
  ),
  prop(
    "PUT Object - Copy",
    "wrong-key",
    ["copy.source-wrong-key", "headers.copy-source-trio"],
    "refuses a copy of an object stored under any key K whose copy-source key is any other key K', and stores nothing",
    "copy-source-wrong-key",
  ),
  prop(
    "Upload Part",
    "wrong-key",
    ["upload-part.same-trio-required", "upload-part.different-key-refused"],
    "refuses a part of an upload initiated under any key K sent with any other key K', and stores no part",
    "part-different-key",
  ),
  prop(
    "Upload Part - Copy",
    "wrong-key",
    ["copy.source-wrong-key", "upload-part-copy.target-trio", "headers.copy-source-trio"],
    "refuses a part copy whose copy-source key differs from the source's key K or whose target key differs from the upload's key K, and stores no part",
    "copy-source-wrong-key",
  ),
];

/** bad-md5: for any K and any key-MD5 text that is not base64(md5(K)). */
const badMd5Titles: Record<InterfaceName, string> = {
  "PUT Object":
    "refuses a PUT whose key-MD5 is anything but base64(md5(key)), and stores nothing or leaves the old object intact",
  "POST Object":
    "refuses a POST form whose key-MD5 field is anything but base64(md5(key)), and stores nothing or leaves the old object intact",
  "PUT Object - Copy":
    "refuses a copy whose target or copy-source key-MD5 is anything but base64(md5(key)), and stores nothing or leaves the old object intact",
  "HEAD Object": "refuses a HEAD whose key-MD5 is anything but base64(md5(key)), even with the object's own key",
  "GET Object":
    "refuses a GET whose key-MD5 is anything but base64(md5(key)), even with the object's own key, and returns none of its bytes",
  "Initiate Multipart Upload":
    "refuses an Initiate Multipart Upload whose key-MD5 is anything but base64(md5(key)), and starts no upload",
  "Upload Part":
    "refuses a part whose key-MD5 is anything but base64(md5(key)), even with the upload's own key, and stores no part",
  "Upload Part - Copy":
    "refuses a part copy whose target or copy-source key-MD5 is anything but base64(md5(key)), and stores no part",
};
const badMd5: CheckDef[] = INTERFACES.map((iface) =>
  prop(
    iface,
    "bad-md5",
    [
      onPut(iface, "md5.mismatch-put", "md5.mismatch-other"),
      "md5.malformed",
      "md5.noncanonical-encoding",
      "headers.trio",
    ],
    badMd5Titles[iface],
    "md5-mismatch",
  ),
);

/** missing-headers: every non-empty proper subset of the three headers (and of the copy-source three). */
const missingTitles: Record<InterfaceName, string> = {
  "PUT Object":
    "refuses a PUT carrying any non-empty proper subset of the three SSE-C headers, and stores nothing or leaves the old object intact",
  "POST Object":
    "refuses a POST form carrying any non-empty proper subset of the three SSE-C fields, and stores nothing or leaves the old object intact",
  "PUT Object - Copy":
    "refuses a copy carrying any non-empty proper subset of the three target or the three copy-source headers, and stores nothing",
  "HEAD Object": "refuses a HEAD of an SSE-C object carrying any non-empty proper subset of the three SSE-C headers",
  "GET Object":
    "refuses a GET of an SSE-C object carrying any non-empty proper subset of the three SSE-C headers, and returns none of its bytes",
  "Initiate Multipart Upload":
    "refuses an Initiate Multipart Upload carrying any non-empty proper subset of the three SSE-C headers, and starts no upload",
  "Upload Part":
    "refuses a part of an SSE-C upload carrying any non-empty proper subset of the three SSE-C headers, and stores no part",
  "Upload Part - Copy":
    "refuses a part copy carrying any non-empty proper subset of the three target or the three copy-source headers, and stores no part",
};
const missingHeaders: CheckDef[] = INTERFACES.map((iface) =>
  prop(
    iface,
    "missing-headers",
    [
      ...(iface === "PUT Object" ? ["missing.algorithm-put", "missing.key-put"] : ["missing.header-other-interfaces"]),
      "missing.md5",
      "headers.trio",
      "headers.copy-source-trio",
    ],
    missingTitles[iface],
    "missing-key",
  ),
);

/** copy-source-mismatches: source × copy-source headers × target headers. */
const copyCombinations: CheckDef[] = [
  prop(
    "PUT Object - Copy",
    "copy-source-combinations",
    [
      "copy.source-wrong-key",
      "copy.source-headers-on-plain-source",
      "copy.source-key-required",
      "headers.copy-source-trio",
    ],
    "answers every combination of source encryption, copy-source headers and target headers as the profile says, and never leaves a target readable with a wrong key or unencrypted when SSE-C was asked",
    "copy-source-missing",
  ),
  prop(
    "Upload Part - Copy",
    "copy-source-combinations",
    [
      "copy.source-wrong-key",
      "copy.source-headers-on-plain-source",
      "upload-part-copy.source-key-required",
      "upload-part-copy.target-trio",
      "headers.copy-source-trio",
    ],
    "answers every combination of source encryption, copy-source headers and target headers as the profile says, and never leaves a part readable with a wrong key or unencrypted when SSE-C was asked",
    "copy-source-missing",
  ),
];

export const checks: CheckDef[] = [...wrongKeys, ...badMd5, ...missingHeaders, ...copyCombinations];
