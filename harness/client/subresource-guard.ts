/**
 * Never destructive by accident: a server that does not know a bucket subresource may read
 * `DELETE /bucket?encryption` (or `?policy`, `?tagging`, …) as DeleteBucket. The guarded client
 * sends a DELETE of a bucket subresource only once the server has shown it knows that
 * subresource: a GET of it answered as that subresource (its XML or JSON document, or its own
 * "no such configuration" error code), on any bucket. Any other such DELETE is refused before it
 * is sent (SubresourceDeleteRefused: no verdict). Object DELETEs (with a key) and a plain
 * DeleteBucket (no query) pass: the run only ever deletes buckets it created.
 */
import type { S3Client, S3Request, S3Response } from "./types.ts";

/** How a GET answer shows the server knows the subresource: its document root, or its own error code. */
const EVIDENCE: Record<string, { root?: RegExp; code: string }> = {
  encryption: {
    root: /<ServerSideEncryptionConfiguration[\s>]/,
    code: "ServerSideEncryptionConfigurationNotFoundError",
  },
  policy: { root: /^\s*\{[\s\S]*"Statement"/, code: "NoSuchBucketPolicy" },
  tagging: { root: /<Tagging[\s>]/, code: "NoSuchTagSet" },
  cors: { root: /<CORSConfiguration[\s>]/, code: "NoSuchCORSConfiguration" },
  lifecycle: { root: /<LifecycleConfiguration[\s>]/, code: "NoSuchLifecycleConfiguration" },
  website: { root: /<WebsiteConfiguration[\s>]/, code: "NoSuchWebsiteConfiguration" },
  replication: { root: /<ReplicationConfiguration[\s>]/, code: "ReplicationConfigurationNotFoundError" },
  ownershipControls: { root: /<OwnershipControls[\s>]/, code: "OwnershipControlsNotFoundError" },
  publicAccessBlock: { root: /<PublicAccessBlockConfiguration[\s>]/, code: "NoSuchPublicAccessBlockConfiguration" },
};

/** A bucket-subresource DELETE the guard would not send. */
export class SubresourceDeleteRefused extends Error {
  override name = "SubresourceDeleteRefused";
}

/** The subresource a bucket-level request addresses (`?encryption` → "encryption"), if any. */
function subresourceOf(req: S3Request): string | undefined {
  if (req.key !== undefined || !req.query?.length) return undefined;
  return req.query[0][0];
}

/** Did this GET answer show that the server knows `sub`? */
export function showsSubresource(sub: string, res: S3Response): boolean {
  const e = EVIDENCE[sub];
  if (!e) return false;
  if (res.status === 200) return e.root?.test(res.body.toString("utf8")) ?? false;
  return res.status === 404 && res.error?.code === e.code;
}

export interface GuardedClient extends S3Client {
  /** Subresources the server has shown it knows. */
  readonly known: ReadonlySet<string>;
}

/** Wraps `client` so that no bucket-subresource DELETE is sent before the server has shown it knows it. */
export function guardSubresourceDeletes(client: S3Client): GuardedClient {
  const known = new Set<string>();
  return {
    known,
    async send(req) {
      const sub = subresourceOf(req);
      if (sub && req.method === "DELETE" && !known.has(sub))
        throw new SubresourceDeleteRefused(
          `refused to send DELETE /${req.bucket ?? ""}?${sub}: the server has not shown it knows ?${sub} (a server that does not may delete the bucket instead)`,
        );
      const res = await client.send(req);
      if (sub && req.method === "GET" && showsSubresource(sub, res)) known.add(sub);
      return res;
    },
    close: () => client.close(),
  };
}
