/**
 * The bucket policies the reference server evaluates (bucket-policy.ts, ops/bucket-policy.ts):
 * Put/Get/Delete ?policy, Deny statements on the SSE-C algorithm key enforced on every s3:PutObject
 * write, and policies it cannot enforce refused rather than stored and ignored.
 */
import { describe, expect, it } from "vitest";
import {
  initiateUpload,
  inProcess,
  newKey,
  postForm,
  ssecFormFields,
  ssecHeaders,
} from "../server-testing/s3-requests.ts";

const KEY = "s3:x-amz-server-side-encryption-customer-algorithm";
const K = ssecHeaders(newKey());

function policy(condition?: Record<string, Record<string, string | string[]>>, extra: Record<string, unknown> = {}) {
  const statement = {
    Sid: "ssec",
    Effect: "Deny",
    Principal: "*",
    Action: "s3:PutObject",
    Resource: "arn:aws:s3:::pbk/*",
    ...(condition ? { Condition: condition } : {}),
    ...extra,
  };
  return JSON.stringify({ Version: "2012-10-17", Statement: [statement] });
}

async function server(faults: string[] = []) {
  const s = inProcess({ faults });
  expect((await s.send({ method: "PUT", path: "/pbk" })).status).toBe(200);
  return s;
}
type Server = Awaited<ReturnType<typeof server>>;
const setPolicy = (s: Server, body: string) => s.send({ method: "PUT", path: "/pbk", query: { policy: "" }, body });
const put = (s: Server, key: string, headers: Record<string, string> = {}) =>
  s.send({ method: "PUT", path: `/pbk/${key}`, body: "x", headers });

describe("?policy", () => {
  it("is set, read back as set, and deleted; without one GetBucketPolicy answers 404 NoSuchBucketPolicy", async () => {
    const s = await server();
    const none = await s.send({ method: "GET", path: "/pbk", query: { policy: "" } });
    expect([none.status, none.code]).toEqual([404, "NoSuchBucketPolicy"]);
    const text = policy({ Null: { [KEY]: "true" } });
    expect((await setPolicy(s, text)).status).toBe(204);
    const back = await s.send({ method: "GET", path: "/pbk", query: { policy: "" } });
    expect(back.status).toBe(200);
    expect(back.headers["content-type"]).toBe("application/json");
    expect(back.body.toString()).toBe(text);
    expect((await s.send({ method: "DELETE", path: "/pbk", query: { policy: "" } })).status).toBe(204);
    expect((await s.send({ method: "GET", path: "/pbk", query: { policy: "" } })).code).toBe("NoSuchBucketPolicy");
    expect((await s.send({ method: "HEAD", path: "/pbk" })).status).toBe(200);
  });

  it.each([
    ["not JSON", "{nope", 400, "MalformedPolicy"],
    ["no statement", JSON.stringify({ Version: "2012-10-17" }), 400, "MalformedPolicy"],
    ["another bucket's resource", policy(undefined, { Resource: "arn:aws:s3:::other/*" }), 400, "MalformedPolicy"],
    ["an Allow statement", policy(undefined, { Effect: "Allow" }), 501, "NotImplemented"],
    ["another action", policy(undefined, { Action: "s3:GetObject" }), 501, "NotImplemented"],
    ["another principal", policy(undefined, { Principal: { AWS: "arn:aws:iam::1:root" } }), 501, "NotImplemented"],
    ["another condition key", policy({ Null: { "s3:x-amz-server-side-encryption": "true" } }), 501, "NotImplemented"],
    ["another operator", policy({ StringLike: { [KEY]: "AES*" } }), 501, "NotImplemented"],
    ["NotResource", policy(undefined, { NotResource: "arn:aws:s3:::pbk/x" }), 501, "NotImplemented"],
  ])("refuses a policy with %s and keeps none", async (_what, body, status, code) => {
    const s = await server();
    const r = await setPolicy(s, body);
    expect([r.status, r.code]).toEqual([status, code]);
    expect((await s.send({ method: "GET", path: "/pbk", query: { policy: "" } })).code).toBe("NoSuchBucketPolicy");
  });
});

describe("a Deny on the SSE-C algorithm", () => {
  it("Null true refuses writes without SSE-C with 403 AccessDenied and allows SSE-C writes", async () => {
    const s = await server();
    await setPolicy(s, policy({ Null: { [KEY]: "true" } }));
    const plain = await put(s, "a");
    expect([plain.status, plain.code]).toEqual([403, "AccessDenied"]);
    expect((await s.send({ method: "HEAD", path: "/pbk/a" })).status).toBe(404);
    expect((await put(s, "b", K)).status).toBe(200);
    // Initiate and Upload Part are s3:PutObject writes too.
    await expect(initiateUpload(s, "/pbk/mp")).rejects.toThrow(/403/);
    const id = await initiateUpload(s, "/pbk/mp", K);
    const part = await s.send({ method: "PUT", path: "/pbk/mp", query: { partNumber: "1", uploadId: id }, body: "x" });
    expect(part.status).toBe(403);
  });

  it("Null false refuses SSE-C writes and allows plain ones", async () => {
    const s = await server();
    await setPolicy(s, policy({ Null: { [KEY]: "false" } }));
    expect((await put(s, "a", K)).code).toBe("AccessDenied");
    expect((await put(s, "b")).status).toBe(200);
  });

  it("StringNotEquals AES256 refuses a write without the header and one with another value, before validating it", async () => {
    const s = await server();
    await setPolicy(s, policy({ StringNotEquals: { [KEY]: "AES256" } }));
    expect((await put(s, "a")).code).toBe("AccessDenied");
    const other = await put(s, "b", { ...K, "x-amz-server-side-encryption-customer-algorithm": "AES192" });
    expect([other.status, other.code]).toEqual([403, "AccessDenied"]);
    expect((await put(s, "c", K)).status).toBe(200);
  });

  it("applies only to the objects its resource names", async () => {
    const s = await server();
    await setPolicy(s, policy({ Null: { [KEY]: "true" } }, { Resource: "arn:aws:s3:::pbk/locked/*" }));
    expect((await put(s, "locked/a")).status).toBe(403);
    expect((await put(s, "open/a")).status).toBe(200);
  });

  it("sees the x-obs- algorithm header as the same request field", async () => {
    const s = await server();
    await setPolicy(s, policy({ Null: { [KEY]: "true" } }));
    const obs = Object.fromEntries(Object.entries(K).map(([n, v]) => [n.replace(/^x-amz-/, "x-obs-"), v]));
    expect((await put(s, "a", obs)).status).toBe(200);
  });

  it("is enforced on POST Object from its form fields", async () => {
    const s = await server();
    await setPolicy(s, policy({ Null: { [KEY]: "true" } }));
    const send = async (fields: Record<string, string>) => {
      const form = await postForm(s.creds, "pbk", "posted", fields, Buffer.from("x"));
      return s.send({ method: "POST", path: "/pbk", body: form.body, sign: false, headers: form.headers });
    };
    expect((await send({})).status).toBe(403);
    expect((await send(ssecFormFields(newKey()))).status).toBe(204);
  });
});
