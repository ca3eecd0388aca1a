/** DeleteObjects: POST /bucket?delete with `<Delete><Object><Key>…` (≤ 1000 keys; Quiet mode). */
import { readSmallBody } from "../body.ts";
import type { RequestContext } from "../request-context.ts";
import { S3Fault } from "../errors.ts";
import type { ServerResponse } from "../request.ts";
import { xmlResponse } from "../respond.ts";
import { children, parseXml, text, type Node } from "../xml.ts";
import { requireBucket } from "./common.ts";

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
  const keys = objects.map((o) => {
    const k = text(o, "Key");
    if (k === undefined || k === "") throw malformed();
    return k;
  });
  const deleted: Node[] = [];
  for (const key of keys) {
    await rc.server.storage.deleteObject(bucket.name, key);
    if (!quiet) deleted.push(["Deleted", ["Key", key]]);
  }
  return xmlResponse(200, ["DeleteResult", deleted]);
}
