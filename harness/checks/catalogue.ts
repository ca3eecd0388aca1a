/**
 * The check catalogue: one source of truth for ids, interfaces, levels, evidence and named
 * expectations. Each interface declares its checks in
 * `catalogue/<slug>.ts`; this module only concatenates them, in Table 2 order.
 */
import type { CheckDef } from "./types.ts";
import { checks as putObject } from "./catalogue/put-object.ts";
import { checks as postObject } from "./catalogue/post-object.ts";
import { checks as copyObject } from "./catalogue/copy-object.ts";
import { checks as headObject } from "./catalogue/head-object.ts";
import { checks as getObject } from "./catalogue/get-object.ts";
import { checks as initiateMultipartUpload } from "./catalogue/initiate-multipart-upload.ts";
import { checks as uploadPart } from "./catalogue/upload-part.ts";
import { checks as uploadPartCopy } from "./catalogue/upload-part-copy.ts";
import { checks as properties } from "./catalogue/properties.ts";
import { checks as stateful } from "./catalogue/stateful.ts";

export const CATALOGUE: readonly CheckDef[] = Object.freeze([
  ...putObject,
  ...postObject,
  ...copyObject,
  ...headObject,
  ...getObject,
  ...initiateMultipartUpload,
  ...uploadPart,
  ...uploadPartCopy,
  ...properties,
  ...stateful,
]);

const BY_ID = new Map(CATALOGUE.map((c) => [c.id, c]));

/** The check declared under `id`; throws on an unknown id (a typo in a suite must not pass silently). */
export function getCheck(id: string): CheckDef {
  const def = BY_ID.get(id);
  if (!def) throw new Error(`unknown check id "${id}": declare it in harness/checks/catalogue/`);
  return def;
}

/** Every check id, in catalogue order. */
export function checkIds(): string[] {
  return CATALOGUE.map((c) => c.id);
}
