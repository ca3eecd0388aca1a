/**
 * The server core: `handle(request) → response`, a plain function of a request,
 * served by node-adapter.ts over node:https / node:http and called in-process by unit tests.
 *
 * Order for every request: address and operation (unknown subresource → 501) → SSE-C over
 * plain HTTP refused before anything is read or stored (evidence http.ssec-refused) → SigV4 (auth module; POST
 * Object forms authenticate with their policy instead) → the operation's handler. Every
 * failure is an S3 error response; nothing escapes as an exception.
 */
import { randomBytes } from "node:crypto";
import { authenticate, verifiedBody } from "./auth/index.ts";
import type { RequestContext, ServerContext } from "./request-context.ts";
import { S3Fault } from "./errors.ts";
import { RequestHeaders, type ServerRequest, type ServerResponse } from "./request.ts";
import { asFault, errorResponse } from "./respond.ts";
import { Query, resolveAddress, resolveOperation, type OpName } from "./router.ts";
import { hasAnySsecHeader, readSsecHeaders } from "./ssec.ts";
import { abortMultipartUpload } from "./ops/abort-multipart-upload.ts";
import { deleteBucketEncryption, getBucketEncryption, putBucketEncryption } from "./ops/bucket-encryption.ts";
import {
  algorithmHeader,
  checkBucketPolicy,
  deleteBucketPolicy,
  getBucketPolicy,
  putBucketPolicy,
} from "./ops/bucket-policy.ts";
import { completeMultipartUpload } from "./ops/complete-multipart-upload.ts";
import { copyObject } from "./ops/copy-object.ts";
import { createBucket } from "./ops/create-bucket.ts";
import { createMultipartUpload } from "./ops/create-multipart-upload.ts";
import { deleteBucket } from "./ops/delete-bucket.ts";
import { deleteObject } from "./ops/delete-object.ts";
import { deleteObjects } from "./ops/delete-objects.ts";
import { getBucketLocation } from "./ops/get-bucket-location.ts";
import { getObject, headObject } from "./ops/get-object.ts";
import { headBucket } from "./ops/head-bucket.ts";
import { listBuckets } from "./ops/list-buckets.ts";
import { listMultipartUploads } from "./ops/list-multipart-uploads.ts";
import { listObjects, listObjectsV2 } from "./ops/list-objects.ts";
import { listParts } from "./ops/list-parts.ts";
import { postObject } from "./ops/post-object.ts";
import { putObject } from "./ops/put-object.ts";
import { uploadPart } from "./ops/upload-part.ts";
import { uploadPartCopy } from "./ops/upload-part-copy.ts";
import { getBucketVersioning, putBucketVersioning } from "./ops/versions.ts";
import { listObjectVersions } from "./ops/list-object-versions.ts";
import { getObjectAttributes } from "./ops/get-object-attributes.ts";

export type Handler = (req: ServerRequest) => Promise<ServerResponse>;

const OPERATIONS: Record<OpName, (rc: RequestContext) => Promise<ServerResponse>> = {
  ListBuckets: listBuckets,
  CreateBucket: createBucket,
  DeleteBucket: deleteBucket,
  HeadBucket: headBucket,
  GetBucketLocation: getBucketLocation,
  ListObjects: listObjects,
  ListObjectsV2: listObjectsV2,
  PutBucketEncryption: putBucketEncryption,
  GetBucketEncryption: getBucketEncryption,
  DeleteBucketEncryption: deleteBucketEncryption,
  PutBucketPolicy: putBucketPolicy,
  GetBucketPolicy: getBucketPolicy,
  DeleteBucketPolicy: deleteBucketPolicy,
  ListMultipartUploads: listMultipartUploads,
  DeleteObjects: deleteObjects,
  PostObject: postObject,
  PutObject: putObject,
  CopyObject: copyObject,
  GetObject: (rc) => getObject(rc),
  HeadObject: headObject,
  DeleteObject: deleteObject,
  CreateMultipartUpload: createMultipartUpload,
  UploadPart: uploadPart,
  UploadPartCopy: uploadPartCopy,
  CompleteMultipartUpload: completeMultipartUpload,
  AbortMultipartUpload: abortMultipartUpload,
  ListParts: listParts,
  PutBucketVersioning: putBucketVersioning,
  GetBucketVersioning: getBucketVersioning,
  ListObjectVersions: listObjectVersions,
  GetObjectAttributes: getObjectAttributes,
};

export const INSECURE_SSEC_MESSAGE =
  "Requests specifying Server Side Encryption with Customer provided keys must be made over a secure connection.";

function safeResource(rawPath: string): string {
  try {
    return decodeURIComponent(rawPath);
  } catch {
    return rawPath;
  }
}

export function createHandler(server: ServerContext): Handler {
  return async function handle(req: ServerRequest): Promise<ServerResponse> {
    const started = Date.now();
    const requestId = randomBytes(8).toString("hex").toUpperCase();
    const head = req.method === "HEAD";
    let op: OpName | undefined;
    let res: ServerResponse;
    try {
      const headers = new RequestHeaders(req.headers);
      const addr = resolveAddress(req.rawPath, headers.get("host"));
      const query = new Query(req.rawQuery);
      op = resolveOperation(req.method, addr, query, headers);

      // evidence http.ssec-refused (the AWS SSE-C guide: "Amazon S3 rejects any requests made over HTTP when using
      // SSE-C"): refused
      // before authentication, reading or storing anything — the copy-source trio too, even sent
      // alone (evidence http.ssec-refused). POST forms carry SSE-C in fields, checked by post-object.ts before it
      // stores anything.
      const gated =
        server.faults.has("http-gate-ignores-copy-source") || obsCopyToPlain(op, headers)
          ? (["target"] as const)
          : undefined;
      if (!req.secure && hasAnySsecHeader(headers, gated) && !server.faults.has("ssec-over-http")) {
        throw new S3Fault("InvalidRequest", INSECURE_SSEC_MESSAGE);
      }

      let plan: RequestContext["bodyPlan"];
      if (op !== "PostObject") {
        const auth = authenticate(
          { method: req.method, rawPath: req.rawPath, rawQuery: req.rawQuery, headers: req.headers },
          server.auth,
        );
        if (!auth.ok) throw auth.fault;
        plan = auth.body;
      }
      const opName = op;
      let opened = false;
      const rc: RequestContext = {
        server,
        req,
        headers,
        query,
        addr,
        op,
        requestId,
        bodyPlan: plan,
        body() {
          if (opened || !plan) throw new Error(`request body of ${opName} opened twice or without a plan`);
          opened = true;
          req.sendContinue?.();
          // On Complete, x-amz-checksum-* headers describe the object, not the XML body.
          return verifiedBody(plan, req.body, {
            ignoreChecksumHeaders: opName === "CompleteMultipartUpload",
            // An SSE-C write path that checksums what it stores (ciphertext) and so keeps the client's checksum unchecked.
            trustChecksum: server.faults.has("ssec-checksum-not-verified") && hasAnySsecHeader(headers, ["target"]),
          });
        },
      };
      // The bucket policy decides before the write's own checks (POST Object: once its fields are read).
      if (op !== "PostObject" && addr.key !== undefined) await checkBucketPolicy(rc, addr.key, algorithmHeader(rc));
      res = await OPERATIONS[op](rc);
      res.headers.push(["x-amz-request-id", requestId]);
    } catch (e) {
      const f = asFault(e);
      if (f.code === "InternalError" && !(e instanceof S3Fault)) {
        server.log?.(`internal error in ${op ?? "routing"}: ${(e as Error)?.stack ?? String(e)}`);
      }
      res = errorResponse(f, { head, resource: safeResource(req.rawPath), requestId, faults: server.faults });
    }
    server.log?.(
      `${req.method} ${req.rawPath} ${op ?? "-"} ${res.status} ${Date.now() - started}ms${req.secure ? "" : " (http)"}`,
    );
    return res;
  };
}

/**
 * The one dialect difference of the evidence http.ssec-refused gate. OBS documents a copy of an SSE-C source to an
 * unencrypted target or part as allowed over HTTP or HTTPS (obs_04_0108 Tables 3 and 4;
 * evidence http.ssec-refused, headers.obs-dialect; the `obs` profile): a Copy or Upload Part - Copy whose only SSE-C
 * material is an x-obs- copy-source trio passes, so the bundled server answers the `obs`
 * profile as OBS does. The x-amz- dialect follows AWS: refused (the AWS SSE-C guide).
 */
function obsCopyToPlain(op: OpName | undefined, headers: RequestHeaders): boolean {
  if (op !== "CopyObject" && op !== "UploadPartCopy") return false;
  if (hasAnySsecHeader(headers, ["target"])) return false;
  return readSsecHeaders(headers, "copy-source")?.dialect === "obs";
}
