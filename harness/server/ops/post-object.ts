/**
 * POST Object: a browser form upload to POST /bucket (Table 2 "POST Object"), streamed with
 * busboy. SSE-C arrives as form fields named like the headers (evidence post.form-fields; the AWS SSE-C REST guide);
 * over plain
 * HTTP they are refused like headers (evidence http.ssec-refused), before anything is stored. Authentication is the
 * SigV4 POST policy (auth's verifyPostPolicy); fields after the file are ignored, as S3 does.
 */
import busboy from "busboy";
import type { Readable } from "node:stream";
import { verifyPostPolicy } from "../auth/index.ts";
import type { RequestContext } from "../request-context.ts";
import { bindings, MAX_PUT_SIZE, newObjectId, singlePartRecord, writeData } from "../object-bytes.ts";
import { S3Fault } from "../errors.ts";
import { metadataFromForm } from "../metadata.ts";
import type { HeaderPairs, ServerResponse } from "../request.ts";
import { emptyResponse, xmlResponse } from "../respond.ts";
import { echoHeaders, isSsecName, readSsecFormFields } from "../ssec.ts";
import { managedEncryption, managedHeaders, recordManaged, writeKey, type WriteKeyInput } from "../ssec-policy.ts";
import type { BucketRecord } from "../storage/types.ts";
import { checkBucketPolicy } from "./bucket-policy.ts";
import { checkKeyLength, requireBucket } from "./common.ts";
import { newVersionId, versionHeaders } from "./versions.ts";

const malformedPost = () =>
  new S3Fault("MalformedPOSTRequest", "The body of your POST request is not well-formed multipart/form-data.");

export async function postObject(rc: RequestContext): Promise<ServerResponse> {
  const bucket = await requireBucket(rc);
  let bb: busboy.Busboy;
  try {
    bb = busboy({
      headers: { "content-type": rc.headers.get("content-type") },
      limits: { fields: 200, fieldSize: 1024 * 1024, parts: 400 },
    });
  } catch {
    throw malformedPost();
  }
  return new Promise<ServerResponse>((resolve, reject) => {
    let settled = false;
    // Takes a thunk: busboy can report twice ('error' then 'close'), and a rejected promise built
    // for an outcome that is then dropped would be an unhandled rejection.
    const settle = (outcome: () => Promise<ServerResponse>) => {
      if (settled) return;
      settled = true;
      outcome().then(resolve, reject);
    };
    const fields: [string, string][] = [];
    let fileSeen = false;
    // busboy passes `undefined` as the name of a part whose Content-Disposition has none (its
    // types say string): a throw here would escape busboy's emit as an uncaught exception.
    bb.on("field", (name: string | undefined, value) => {
      if (!fileSeen && name !== undefined) fields.push([name.toLowerCase(), value]);
    });
    bb.on("file", (name: string | undefined, stream, info) => {
      if (fileSeen || settled || name?.toLowerCase() !== "file") {
        stream.resume();
        return;
      }
      fileSeen = true;
      settle(() => storeFile(rc, bucket, fields, stream, info.filename));
    });
    bb.on("error", () => settle(() => Promise.reject(malformedPost())));
    bb.on("close", () => {
      if (!fileSeen) {
        settle(() =>
          Promise.reject(
            new S3Fault("InvalidArgument", "POST requires exactly one file upload per request.", {
              ArgumentName: "file",
              ArgumentValue: "0",
            }),
          ),
        );
      }
    });
    rc.req.sendContinue?.();
    rc.req.body.on("error", (e) => bb.destroy(e));
    rc.req.body.pipe(bb);
  });
}

async function storeFile(
  rc: RequestContext,
  bucket: BucketRecord,
  fieldList: [string, string][],
  file: Readable,
  filename: string | undefined,
): Promise<ServerResponse> {
  const { faults, storage } = rc.server;
  const fields = new Map<string, string>();
  for (const [n, v] of fieldList) if (!fields.has(n)) fields.set(n, v);

  // evidence http.ssec-refused for form fields: refused over plain HTTP like the headers (MinIO's gate only looks at
  // headers, MinIO handlers — the post-ssec-over-http fault models that gap).
  if (!rc.req.secure && fieldList.some(([n]) => isSsecName(n)) && !faults.has("post-ssec-over-http")) {
    throw new S3Fault(
      "InvalidRequest",
      "Requests specifying Server Side Encryption with Customer provided keys must be made over a secure connection.",
    );
  }
  // A server that never compares the policy's expiration with its clock (it reads the clock for nothing else here).
  const authConfig = faults.has("post-policy-expiry-ignored")
    ? { ...rc.server.auth, now: () => new Date(0) }
    : rc.server.auth;
  const auth = verifyPostPolicy(fieldList, bucket.name, authConfig, filename);
  if (!auth.ok) throw auth.fault;

  const rawKey = fields.get("key");
  if (rawKey === undefined || rawKey === "") {
    throw new S3Fault(
      "InvalidArgument",
      "Bucket POST must contain a field named 'key'.  If it is specified, please check the order of the fields.",
      {
        ArgumentName: "key",
        ArgumentValue: "",
      },
    );
  }
  const key = rawKey.split("${filename}").join(filename ?? "");
  checkKeyLength(key);
  await checkBucketPolicy(
    rc,
    key,
    fields.get("x-amz-server-side-encryption-customer-algorithm") ??
      fields.get("x-obs-server-side-encryption-customer-algorithm"),
  );

  // Either dialect's server-side-encryption field conflicts with SSE-C fields (evidence sse-conflict.put).
  const amzSse = fields.get("x-amz-server-side-encryption");
  const obsSse = fields.get("x-obs-server-side-encryption");
  const input: WriteKeyInput = {
    ssec: readSsecFormFields(fields, faults),
    sse:
      amzSse !== undefined
        ? { dialect: "amz", value: amzSse }
        : obsSse !== undefined
          ? { dialect: "obs", value: obsSse }
          : undefined,
  };
  let customerKey = writeKey(rc, bucket, input);
  const sse = managedEncryption(rc, bucket, customerKey, input);
  const echo = customerKey ? echoHeaders(customerKey, faults) : [];
  if (faults.has("post-ssec-ignored")) customerKey = undefined;
  const meta = metadataFromForm(fields);

  const id = newObjectId();
  const written = await writeData(rc.server, file, {
    limit: MAX_PUT_SIZE,
    encrypt: customerKey && { key: customerKey, binding: bindings.object(bucket.name, key, id) },
  });
  const tooBig = auth.checkLength(written.size);
  if (tooBig) {
    await storage.deleteBlob(written.blob);
    throw tooBig;
  }
  const rec = singlePartRecord(rc.server, { bucket: bucket.name, key, id, written, meta, encryptedWith: customerKey });
  recordManaged(rec, sse, bucket);
  rec.versionId = newVersionId(bucket, id);
  await storage.putObject(rec);

  const location = `${rc.req.secure ? "https" : "http"}://${rc.headers.get("host") ?? "localhost"}/${bucket.name}/${encodeURIComponent(key).replace(/%2F/g, "/")}`;
  const headers: HeaderPairs = [
    ["ETag", `"${rec.etag}"`],
    ["Location", location],
    ...versionHeaders(bucket, rec),
    ...echo,
    ...managedHeaders(
      rec.sse,
      rec.kmsKeyId,
      [...fields.keys()].some((k) => k.toLowerCase().startsWith("x-obs-")),
    ),
  ];
  const redirect = fields.get("success_action_redirect") ?? fields.get("redirect");
  if (redirect) {
    let target: URL | undefined;
    try {
      target = new URL(redirect);
    } catch {
      target = undefined;
    }
    if (target) {
      target.searchParams.set("bucket", bucket.name);
      target.searchParams.set("key", key);
      target.searchParams.set("etag", `"${rec.etag}"`);
      return emptyResponse(303, [...headers.filter(([n]) => n !== "Location"), ["Location", target.toString()]]);
    }
  }
  const status = fields.get("success_action_status");
  if (status === "201") {
    return xmlResponse(
      201,
      ["PostResponse", ["Location", location], ["Bucket", bucket.name], ["Key", key], ["ETag", `"${rec.etag}"`]],
      headers,
    );
  }
  if (status === "200") return emptyResponse(200, headers);
  return { status: 204, headers };
}
