/**
 * Test gear: the raw client for a running reference server (in-process or a child process), with
 * its endpoint, region, key pair and CA; `options` adds to or overrides them.
 */
import { createClient, type ClientOptions, type S3Client } from "../client/index.ts";

/** What a started server reports about itself (RunningServer, the bench's ServerProcess …). */
export interface ServerAddress {
  endpoint: string;
  region: string;
  accessKey: string;
  secretKey: string;
  caPem: string;
}

export function serverClient(server: ServerAddress, options: Partial<ClientOptions> = {}): S3Client {
  return createClient({
    endpoint: server.endpoint,
    region: server.region,
    accessKeyId: server.accessKey,
    secretAccessKey: server.secretKey,
    caPem: server.caPem,
    ...options,
  });
}
