/**
 * What every handler gets: the server-wide context (storage, faults, auth settings) and the
 * per-request one (parsed address, query, headers, the operation, the verified body).
 */
import type { Readable } from "node:stream";
import type { AuthConfig, BodyPlan } from "./auth/index.ts";
import type { Faults } from "./faults.ts";
import type { RequestHeaders, ServerRequest } from "./request.ts";
import type { Address, OpName, Query } from "./router.ts";
import type { Storage } from "./storage/types.ts";

export interface ServerContext {
  storage: Storage;
  faults: Faults;
  region: string;
  auth: AuthConfig;
  /** One line per request; never key material. */
  log?: (line: string) => void;
}

export interface RequestContext {
  server: ServerContext;
  req: ServerRequest;
  headers: RequestHeaders;
  query: Query;
  addr: Address;
  op: OpName;
  requestId: string;
  /** How auth says the body must be decoded and verified (absent for POST Object forms). */
  bodyPlan?: BodyPlan;
  /** The verified, decoded request body; sends 100 Continue first when the client asked for it. */
  body(): Readable;
}

/** The bucket name, for operations routed to a bucket. */
export function bucketOf(rc: RequestContext): string {
  if (rc.addr.bucket === undefined) throw new Error(`${rc.op} routed without a bucket`);
  return rc.addr.bucket;
}

/** The object key, for operations routed to an object. */
export function keyOf(rc: RequestContext): string {
  if (rc.addr.key === undefined) throw new Error(`${rc.op} routed without a key`);
  return rc.addr.key;
}
