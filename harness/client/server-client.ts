/**
 * A client for a server that tells its own address, keys and CA (the bundled server, `serve`, the
 * bench's child process); `options` adds to or overrides them.
 */
import { createClient } from "./create-client.ts";
import type { ClientOptions, S3Client } from "./types.ts";

export interface ServedEndpoint {
  endpoint: string;
  region: string;
  accessKey: string;
  secretKey: string;
  caPem: string;
}

export function clientForServer(s: ServedEndpoint, options: Partial<ClientOptions> = {}): S3Client {
  return createClient({
    endpoint: s.endpoint,
    region: s.region,
    accessKeyId: s.accessKey,
    secretAccessKey: s.secretKey,
    caPem: s.caPem,
    ...options,
  });
}
