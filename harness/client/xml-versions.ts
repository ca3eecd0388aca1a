/**
 * The documents of versioning and GetObjectAttributes: ListVersionsResult,
 * VersioningConfiguration (both ways) and GetObjectAttributesResponse.
 */
import { parseRoot } from "./xml.ts";

export interface ListedVersion {
  key: string;
  versionId: string;
  isLatest: boolean;
  /** Absent for delete markers. */
  size?: number;
  etag?: string;
  deleteMarker: boolean;
}

export interface ListVersionsResult {
  isTruncated: boolean;
  nextKeyMarker?: string;
  nextVersionIdMarker?: string;
  /** Versions, then delete markers (the order within each as listed). */
  versions: ListedVersion[];
  commonPrefixes: string[];
}

export function parseListVersions(body: Buffer | string): ListVersionsResult {
  const r = parseRoot(body, "ListVersionsResult");
  return {
    isTruncated: r.bool("IsTruncated"),
    nextKeyMarker: r.optText("NextKeyMarker"),
    nextVersionIdMarker: r.optText("NextVersionIdMarker"),
    versions: [
      ...r.all("Version").map((v) => ({
        key: v.text("Key"),
        versionId: v.text("VersionId"),
        isLatest: v.bool("IsLatest"),
        size: v.num("Size"),
        etag: v.optText("ETag"),
        deleteMarker: false,
      })),
      ...r.all("DeleteMarker").map((v) => ({
        key: v.text("Key"),
        versionId: v.text("VersionId"),
        isLatest: v.bool("IsLatest"),
        deleteMarker: true,
      })),
    ],
    commonPrefixes: r.all("CommonPrefixes").map((c) => c.text("Prefix")),
  };
}

/** The Status of a GetBucketVersioning answer (undefined: versioning never set). */
export function parseVersioningStatus(body: Buffer | string): string | undefined {
  return parseRoot(body, "VersioningConfiguration").optText("Status");
}

export function versioningConfigurationXml(status: "Enabled" | "Suspended"): string {
  return `<VersioningConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Status>${status}</Status></VersioningConfiguration>`;
}

export interface ObjectAttributes {
  etag?: string;
  objectSize?: number;
  storageClass?: string;
  /** Checksum element name (ChecksumCRC32, …) → value. */
  checksums: Record<string, string>;
  totalPartsCount?: number;
  parts: { partNumber: number; size: number }[];
}

export function parseObjectAttributes(body: Buffer | string): ObjectAttributes {
  const r = parseRoot(body, "GetObjectAttributesResponse");
  const size = r.optText("ObjectSize");
  const checksum = r.child("Checksum");
  const checksums: Record<string, string> = {};
  for (const name of ["ChecksumCRC32", "ChecksumCRC32C", "ChecksumCRC64NVME", "ChecksumSHA1", "ChecksumSHA256"]) {
    const v = checksum.optText(name);
    if (v !== undefined) checksums[name] = v;
  }
  const parts = r.child("ObjectParts");
  // TotalPartsCount's element is <PartsCount> (the S3 API model's locationName).
  const total = parts.optText("PartsCount");
  return {
    etag: r.optText("ETag"),
    objectSize: size === undefined ? undefined : Number(size),
    storageClass: r.optText("StorageClass"),
    checksums,
    totalPartsCount: total === undefined ? undefined : Number(total),
    parts: parts.all("Part").map((p) => ({ partNumber: p.num("PartNumber"), size: p.num("Size") })),
  };
}
