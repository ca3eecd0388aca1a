/**
 * PutBucketEncryption / GetBucketEncryption / DeleteBucketEncryption (?encryption), for the
 * SSE-C block: `<Rule><BlockedEncryptionTypes><EncryptionType>SSE-C</EncryptionType>…` (the AWS SSE-C blocking guide:
 * API_BlockedEncryptionTypes; valid values NONE | SSE-C). New buckets on the reference server
 * are not blocked (opt-in: only AWS blocks by default, evidence blocked.write-refused).
 * ApplyServerSideEncryptionByDefault AES256 (SSE-S3) and aws:kms (SSE-KMS, with an optional
 * KMSMasterKeyID) are taken: a write without encryption of its own is then recorded with that mode
 * (ssec-policy.ts managedEncryption); no data is sealed under a server or KMS key. aws:kms:dsse is
 * 501 NotImplemented.
 */
import { readSmallBody } from "../body.ts";
import type { RequestContext } from "../request-context.ts";
import { S3Fault } from "../errors.ts";
import type { ServerResponse } from "../request.ts";
import { emptyResponse, xmlResponse } from "../respond.ts";
import type { BucketEncryption } from "../storage/types.ts";
import { children, parseXml, text, type Node, type XmlObject } from "../xml.ts";
import { requireBucket } from "./common.ts";

const malformed = () =>
  new S3Fault(
    "MalformedXML",
    "The XML you provided was not well-formed or did not validate against our published schema",
  );

export function parseEncryptionConfiguration(body: Buffer): BucketEncryption {
  const doc = parseXml(body, "ServerSideEncryptionConfiguration");
  const rules = children(doc.Rule);
  if (rules.length !== 1 || typeof rules[0] !== "object" || Array.isArray(rules[0])) throw malformed();
  const rule = rules[0] as XmlObject;
  const conf: BucketEncryption = { blocked: [] };
  const byDefault = rule.ApplyServerSideEncryptionByDefault;
  if (byDefault !== undefined) {
    const alg = text(byDefault, "SSEAlgorithm");
    if (alg === undefined) throw malformed();
    if (alg === "aws:kms:dsse") {
      throw new S3Fault("NotImplemented", `Default encryption ${alg} is not implemented by the reference server.`);
    }
    if (alg !== "AES256" && alg !== "aws:kms") {
      throw new S3Fault("InvalidArgument", "The server side encryption algorithm is not supported", {
        ArgumentName: "SSEAlgorithm",
        ArgumentValue: alg,
      });
    }
    conf.sseAlgorithm = alg;
    const kmsKeyId = text(byDefault, "KMSMasterKeyID");
    if (kmsKeyId !== undefined && alg !== "aws:kms") throw malformed();
    if (kmsKeyId !== undefined) conf.kmsKeyId = kmsKeyId;
  }
  const bke = text(rule, "BucketKeyEnabled");
  if (bke !== undefined) {
    if (bke !== "true" && bke !== "false") throw malformed();
    conf.bucketKeyEnabled = bke === "true";
  }
  if (rule.BlockedEncryptionTypes !== undefined) {
    const bet = rule.BlockedEncryptionTypes;
    const types = typeof bet === "object" && !Array.isArray(bet) ? children(bet.EncryptionType) : [];
    for (const t of types) {
      if (t !== "NONE" && t !== "SSE-C") {
        throw new S3Fault("InvalidArgument", "Invalid EncryptionType in BlockedEncryptionTypes", {
          ArgumentName: "EncryptionType",
          ArgumentValue: typeof t === "string" ? t : "",
        });
      }
      conf.blocked.push(t);
    }
    if (conf.blocked.includes("NONE") && conf.blocked.length > 1) {
      throw new S3Fault("InvalidArgument", "NONE cannot be combined with other encryption types", {
        ArgumentName: "EncryptionType",
      });
    }
  }
  return conf;
}

export async function putBucketEncryption(rc: RequestContext): Promise<ServerResponse> {
  const bucket = await requireBucket(rc);
  const body = await readSmallBody(rc.body(), 64 * 1024);
  const encryption = parseEncryptionConfiguration(body);
  // A server from before BlockedEncryptionTypes: the element is skipped like any unknown one.
  if (rc.server.faults.has("blocked-encryption-types-unknown")) encryption.blocked = [];
  await rc.server.storage.updateBucket({ ...bucket, encryption });
  return emptyResponse(200);
}

export async function getBucketEncryption(rc: RequestContext): Promise<ServerResponse> {
  const bucket = await requireBucket(rc);
  const conf = bucket.encryption;
  if (!conf) {
    throw new S3Fault(
      "ServerSideEncryptionConfigurationNotFoundError",
      "The server side encryption configuration was not found",
      {
        BucketName: bucket.name,
      },
    );
  }
  const rule: Node = [
    "Rule",
    conf.sseAlgorithm && [
      "ApplyServerSideEncryptionByDefault",
      ["SSEAlgorithm", conf.sseAlgorithm],
      conf.kmsKeyId !== undefined && ["KMSMasterKeyID", conf.kmsKeyId],
    ],
    conf.bucketKeyEnabled !== undefined && ["BucketKeyEnabled", String(conf.bucketKeyEnabled)],
    conf.blocked.length > 0 && ["BlockedEncryptionTypes", conf.blocked.map((t): Node => ["EncryptionType", t])],
  ];
  return xmlResponse(200, ["ServerSideEncryptionConfiguration", rule]);
}

export async function deleteBucketEncryption(rc: RequestContext): Promise<ServerResponse> {
  const bucket = await requireBucket(rc);
  await rc.server.storage.updateBucket({ ...bucket, encryption: undefined });
  return { status: 204, headers: [] };
}
