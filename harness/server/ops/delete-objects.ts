/**
 * DeleteObjects: POST /bucket?delete with `<Delete><Object><Key>…[<VersionId>]` (≤ 1000 keys; Quiet
 * mode). Each entry is deleted as DeleteObject deletes it (ops/versions.ts); an entry that fails
 * (a malformed version id) is an <Error> of the result, not of the request.
 */
import { readSmallBody } from "../body.ts";
import type { RequestContext } from "../request-context.ts";
import { S3Fault } from "../errors.ts";
import type { ServerResponse } from "../request.ts";
import { xmlResponse } from "../respond.ts";
import { children, parseXml, text, type Node } from "../xml.ts";
import { requireBucket } from "./common.ts";
import { deleteKey } from "./versions.ts";

export async function deleteObjects(rc: RequestContext): Promise<ServerResponse> {
  const bucket = await requireBucket(rc);
  const doc = parseXml(await readSmallBody(rc.body(), 2 * 1024 * 1024), "Delete");
  const objects = children(doc.Object);
  const malformed = () =>
    new S3Fault(
      "MalformedXML",
      "The XML you provided was not well-formed or did not validate against our published schema",
    );
  if (objects.length === 0 || objects.length > 1000) throw malformed();
  const quiet = text(doc, "Quiet") === "true";
  const entries = objects.map((o) => {
    const k = text(o, "Key");
    if (k === undefined || k === "") throw malformed();
    return { key: k, versionId: text(o, "VersionId") };
  });
  const results: Node[] = [];
  for (const { key, versionId } of entries) {
    try {
      const d = await deleteKey(rc, bucket, key, versionId);
      if (quiet) continue;
      const marker = d.deleteMarker && versionId === undefined;
      results.push([
        "Deleted",
        ["Key", key],
        versionId !== undefined && ["VersionId", versionId],
        d.deleteMarker && ["DeleteMarker", "true"],
        marker && d.versionId !== undefined && ["DeleteMarkerVersionId", d.versionId],
      ]);
    } catch (e) {
      if (!(e instanceof S3Fault)) throw e;
      results.push([
        "Error",
        ["Key", key],
        versionId !== undefined && ["VersionId", versionId],
        ["Code", e.code],
        ["Message", e.message],
      ]);
    }
  }
  return xmlResponse(200, ["DeleteResult", results]);
}
