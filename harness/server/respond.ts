/** Building responses: XML documents, empty responses, S3 errors (XML, or no body for HEAD). */
import { S3Fault } from "./errors.ts";
import type { Faults } from "./faults.ts";
import type { HeaderPairs, ServerResponse } from "./request.ts";
import { errorDocument, xmlDocument, type Node } from "./xml.ts";

export function xmlResponse(status: number, root: Node, headers: HeaderPairs = []): ServerResponse {
  const body = xmlDocument(root);
  return {
    status,
    headers: [["Content-Type", "application/xml"], ["Content-Length", String(body.length)], ...headers],
    body,
  };
}

export function emptyResponse(status: number, headers: HeaderPairs = []): ServerResponse {
  return { status, headers: [...headers, ["Content-Length", "0"]] };
}

/** Any thrown value as an S3 error; non-S3Fault errors are internal errors (500), never a crash. */
export function asFault(e: unknown): S3Fault {
  if (e instanceof S3Fault) return e;
  return new S3Fault("InternalError", "We encountered an internal error. Please try again.");
}

export function errorResponse(
  f: S3Fault,
  opts: { head: boolean; resource: string; requestId: string; faults: Faults },
): ServerResponse {
  const base: HeaderPairs = [["x-amz-request-id", opts.requestId], ...f.headers];
  if (f.code === "InvalidRange" && f.fields.ActualObjectSize !== undefined) {
    base.push(["Content-Range", `bytes */${f.fields.ActualObjectSize}`]);
  }
  // HEAD responses have no body: the status alone carries the error (evidence algorithm.invalid-head,
  // key.wrong-length-read, head.no-key-refused; the AWS API reference).
  if (opts.head || f.status === 304) return { status: f.status, headers: base };
  if (opts.faults.has("error-body-not-xml")) {
    const body = Buffer.from(`${f.code}: ${f.message}\n`);
    return {
      status: f.status,
      headers: [...base, ["Content-Type", "text/plain"], ["Content-Length", String(body.length)]],
      body,
    };
  }
  const body = errorDocument(f.code, f.message, f.fields, opts.resource, opts.requestId);
  return {
    status: f.status,
    headers: [...base, ["Content-Type", "application/xml"], ["Content-Length", String(body.length)]],
    body,
  };
}
