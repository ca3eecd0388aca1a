/**
 * Emptying a bucket, and deleting it: abort its open multipart uploads (a bucket with one cannot
 * be deleted: BucketNotEmpty on AWS), delete its objects (every page of the listing), then the
 * bucket. Used by the run's cleanup and by the checks that make a second bucket. Nothing is
 * thrown for an answer the server gives: every failure is a line in the report's `problems`, so
 * the caller can name what was left behind.
 */
import type { S3Client, S3Response } from "./types.ts";
import { parseListBucket, parseListMultipartUploads } from "./xml.ts";
import { parseListVersions } from "./xml-versions.ts";

export interface EmptyBucketOptions {
  /** Only keys under this prefix are touched (default "": every key in the bucket). */
  prefix?: string;
  /** Delete the bucket once it is empty (default true). */
  deleteBucket?: boolean;
  /**
   * The bucket has (had) versioning: delete every version and delete marker by id, from the
   * first pass. Without it, versions are swept only when the bucket's delete answers BucketNotEmpty.
   */
  versions?: boolean;
}

export interface EmptyBucketReport {
  deletedObjects: number;
  abortedUploads: number;
  bucketDeleted: boolean;
  /** What could not be removed, one line each (named so a human can act). */
  problems: string[];
}

/** Status and S3 error code in one short string for messages: `409 BucketNotEmpty`. */
export function statusAndCode(res: Pick<S3Response, "status" | "error">): string {
  return `${res.status}${res.error?.code ? ` ${res.error.code}` : ""}`;
}

/** Deletes of what is already gone (404) count as done: the goal is that it is gone. */
const GONE = new Set([200, 204, 404]);

/** Collects every page of a listing; `page(token)` returns the items and the next page's token. */
export async function listAllPages<T>(page: (token?: string) => Promise<{ items: T[]; next?: string }>): Promise<T[]> {
  const out: T[] = [];
  let token: string | undefined;
  for (let i = 0; i < 10_000; i++) {
    const p = await page(token);
    out.push(...p.items);
    if (!p.next) break;
    token = p.next;
  }
  return out;
}

/**
 * Every object key under `prefix` in `bucket` (ListObjectsV2, all pages); a listing answered with
 * anything but 200 throws `listing <what>: <status code>`.
 */
export function listKeys(
  client: Pick<S3Client, "send">,
  bucket: string,
  prefix: string,
  what = "objects",
): Promise<string[]> {
  return listAllPages(async (token) => {
    const res = await client.send({
      method: "GET",
      bucket,
      query: [
        ["list-type", "2"],
        ["prefix", prefix],
        ...(token ? ([["continuation-token", token]] as [string, string][]) : []),
      ],
    });
    if (res.status !== 200) throw new Error(`listing ${what}: ${statusAndCode(res)}`);
    const l = parseListBucket(res.body);
    return { items: l.contents.map((c) => c.key), next: l.isTruncated ? l.nextContinuationToken : undefined };
  });
}

/**
 * Deletes in flight while sweeping: a run leaves a thousand-odd objects, one DELETE each; at 100 ms
 * round trip 8 at a time took over 10 s of the run's clean-up.
 */
const SWEEP_WIDTH = 32;

/** Runs fn over items, `width` at a time. */
async function inParallel<T>(items: readonly T[], width: number, fn: (t: T) => Promise<void>): Promise<void> {
  let i = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (i < items.length) await fn(items[i++]);
    }),
  );
}

/** One pass over `bucket` under `prefix`, counting into `report`. */
type SweepStep = (
  client: Pick<S3Client, "send">,
  bucket: string,
  prefix: string,
  report: EmptyBucketReport,
) => Promise<void>;

/**
 * The query of a listing paged by a key and an id marker (ListMultipartUploads, ListObjectVersions):
 * `marker` is the JSON pair of the previous page's next markers.
 */
function pairedListing(
  subresource: string,
  idMarker: string,
  prefix: string,
  marker: string | undefined,
): [string, string][] {
  const [keyMarker, idValue] = marker ? (JSON.parse(marker) as [string, string]) : [];
  return [
    [subresource, ""],
    ["prefix", prefix],
    ...(keyMarker
      ? ([
          ["key-marker", keyMarker],
          [idMarker, idValue ?? ""],
        ] as [string, string][])
      : []),
  ];
}

const abortUploads: SweepStep = async (client, bucket, prefix, report) => {
  try {
    const uploads = await listAllPages(async (marker) => {
      const res = await client.send({
        method: "GET",
        bucket,
        query: pairedListing("uploads", "upload-id-marker", prefix, marker),
      });
      if (res.status !== 200) throw new Error(`listing multipart uploads: ${statusAndCode(res)}`);
      const l = parseListMultipartUploads(res.body);
      return {
        items: l.uploads,
        next:
          l.isTruncated && l.nextKeyMarker ? JSON.stringify([l.nextKeyMarker, l.nextUploadIdMarker ?? ""]) : undefined,
      };
    });
    await inParallel(uploads, SWEEP_WIDTH, async (u) => {
      if (!u.key.startsWith(prefix)) return;
      const res = await client.send({ method: "DELETE", bucket, key: u.key, query: [["uploadId", u.uploadId]] });
      if (GONE.has(res.status)) report.abortedUploads++;
      else report.problems.push(`upload ${u.key} ${u.uploadId}: abort answered ${statusAndCode(res)}`);
    });
  } catch (e) {
    report.problems.push(`multipart uploads under ${bucket}/${prefix}: ${(e as Error).message}`);
  }
};

const deleteObjects: SweepStep = async (client, bucket, prefix, report) => {
  try {
    const keys = await listKeys(client, bucket, prefix);
    await inParallel(keys, SWEEP_WIDTH, async (key) => {
      if (!key.startsWith(prefix)) return;
      const res = await client.send({ method: "DELETE", bucket, key });
      if (GONE.has(res.status)) report.deletedObjects++;
      else report.problems.push(`object ${key}: delete answered ${statusAndCode(res)}`);
    });
  } catch (e) {
    report.problems.push(`objects under ${bucket}/${prefix}: ${(e as Error).message}`);
  }
};

/**
 * Every version and delete marker under `prefix`, deleted by version id (ListObjectVersions, all
 * pages): the bucket-emptying pattern of third-party suites. A server that does not know
 * ?versions may answer it as a ListObjects: nothing is listed then, and nothing deleted.
 */
const deleteVersions: SweepStep = async (client, bucket, prefix, report) => {
  await versionsSweep(client, bucket, prefix, report, true);
};

/** deleteVersions; `strict` false: a listing refused (no versioning here) is no problem, only nothing to do. */
async function versionsSweep(
  client: Pick<S3Client, "send">,
  bucket: string,
  prefix: string,
  report: EmptyBucketReport,
  strict: boolean,
): Promise<void> {
  try {
    const versions = await listAllPages(async (marker) => {
      const res = await client.send({
        method: "GET",
        bucket,
        query: pairedListing("versions", "version-id-marker", prefix, marker),
      });
      // 501: no versioning here after all; the plain sweep that follows deletes what there is.
      if (res.status !== 200 && (!strict || res.status === 501)) return { items: [] };
      if (res.status !== 200) throw new Error(`listing object versions: ${statusAndCode(res)}`);
      if (!/<ListVersionsResult[\s>]/.test(res.body.toString("utf8"))) return { items: [] };
      const l = parseListVersions(res.body);
      return {
        items: l.versions,
        next:
          l.isTruncated && l.nextKeyMarker ? JSON.stringify([l.nextKeyMarker, l.nextVersionIdMarker ?? ""]) : undefined,
      };
    });
    await inParallel(versions, SWEEP_WIDTH, async (v) => {
      if (!v.key.startsWith(prefix)) return;
      const res = await client.send({ method: "DELETE", bucket, key: v.key, query: [["versionId", v.versionId]] });
      if (GONE.has(res.status)) report.deletedObjects++;
      else report.problems.push(`version ${v.key} ${v.versionId}: delete answered ${statusAndCode(res)}`);
    });
  } catch (e) {
    report.problems.push(`object versions under ${bucket}/${prefix}: ${(e as Error).message}`);
  }
}

/** Aborts the open uploads and deletes the objects under `prefix`, counting into `report`. */
const sweep: SweepStep = async (client, bucket, prefix, report) => {
  await abortUploads(client, bucket, prefix, report);
  await deleteObjects(client, bucket, prefix, report);
};

/** Every version and delete marker, then what a listing of objects still shows (a server without versioning). */
const sweepVersions: SweepStep = async (client, bucket, prefix, report) => {
  await abortUploads(client, bucket, prefix, report);
  await deleteVersions(client, bucket, prefix, report);
  await deleteObjects(client, bucket, prefix, report);
};

/**
 * Empties `bucket` (only keys under `options.prefix` when given) and, unless `deleteBucket` is
 * false, deletes it. A request sent just before its sender was stopped (a worker killed mid-PUT)
 * can land after the listing: a BucketNotEmpty answer to the delete then means "sweep again", up
 * to three passes, not "give up".
 */
export async function emptyBucket(
  client: Pick<S3Client, "send">,
  bucket: string,
  options: EmptyBucketOptions = {},
): Promise<EmptyBucketReport> {
  const prefix = options.prefix ?? "";
  const report: EmptyBucketReport = { deletedObjects: 0, abortedUploads: 0, bucketDeleted: false, problems: [] };
  await (options.versions ? sweepVersions : sweep)(client, bucket, prefix, report);
  if (options.deleteBucket === false) return report;
  for (let pass = 1; ; pass++) {
    try {
      const res = await client.send({ method: "DELETE", bucket });
      if (GONE.has(res.status)) report.bucketDeleted = true;
      else if (res.status === 409 && res.error?.code === "BucketNotEmpty" && pass < 3) {
        await new Promise((r) => setTimeout(r, 500 * pass));
        // Versions left behind (a versioned bucket whose deletes stacked delete markers) go by id.
        if (pass === 1 && !options.versions) await versionsSweep(client, bucket, prefix, report, false);
        await sweep(client, bucket, prefix, report);
        continue;
      } else report.problems.push(`bucket ${bucket}: delete answered ${statusAndCode(res)}`);
    } catch (e) {
      report.problems.push(`bucket ${bucket}: ${(e as Error).message}`);
    }
    break;
  }
  return report;
}
