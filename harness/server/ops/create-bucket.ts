/** CreateBucket: PUT /bucket (optional CreateBucketConfiguration body). */
import { readSmallBody } from "../body.ts";
import { bucketOf, type RequestContext } from "../request-context.ts";
import { S3Fault } from "../errors.ts";
import type { ServerResponse } from "../request.ts";
import { emptyResponse } from "../respond.ts";
import { parseXml, text } from "../xml.ts";

/** S3 User Guide, "General purpose bucket naming rules". */
export function checkBucketName(name: string): void {
  const ok =
    /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name) &&
    !name.includes("..") &&
    !/^\d+\.\d+\.\d+\.\d+$/.test(name) &&
    !name.startsWith("xn--") &&
    !name.endsWith("-s3alias");
  if (!ok) throw new S3Fault("InvalidBucketName", "The specified bucket is not valid.", { BucketName: name });
}

export async function createBucket(rc: RequestContext): Promise<ServerResponse> {
  const name = bucketOf(rc);
  checkBucketName(name);
  const body = await readSmallBody(rc.body(), 64 * 1024);
  if (body.length > 0) {
    const conf = parseXml(body, "CreateBucketConfiguration");
    const location = text(conf, "LocationConstraint");
    if (location !== undefined && location !== "" && location !== rc.server.region) {
      throw new S3Fault("InvalidLocationConstraint", "The specified location-constraint is not valid", {
        LocationConstraint: location,
      });
    }
  }
  const created = await rc.server.storage.createBucket({ name, created: Date.now() });
  if (!created) {
    throw new S3Fault(
      "BucketAlreadyOwnedByYou",
      "Your previous request to create the named bucket succeeded and you already own it.",
      {
        BucketName: name,
      },
    );
  }
  return emptyResponse(200, [["Location", `/${name}`]]);
}
