/**
 * The set-up most handler-level tests share: before each test, a fresh in-process server core
 * (memory storage) with one bucket already created. The returned object always speaks to the
 * current test's server, so a test file declares it once at the top.
 */
import { beforeEach, expect } from "vitest";
import { inProcess } from "./s3-requests.ts";

export type InProcessServer = ReturnType<typeof inProcess>;

export function freshBucketEachTest(bucket = "bkt"): InProcessServer {
  let current: InProcessServer | undefined;
  beforeEach(async () => {
    current = inProcess();
    expect((await current.send({ method: "PUT", path: `/${bucket}` })).status).toBe(200);
  });
  const now = (): InProcessServer => {
    if (current === undefined) throw new Error("freshBucketEachTest: used outside a test");
    return current;
  };
  return {
    get ctx() {
      return now().ctx;
    },
    get storage() {
      return now().storage;
    },
    get creds() {
      return now().creds;
    },
    send: (r) => now().send(r),
  };
}
