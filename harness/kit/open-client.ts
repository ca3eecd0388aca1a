/**
 * The raw client bound to a run's target (one per test file: file-client.ts; a property opens its
 * own: property.ts). Its exchanges and connections count towards the check that sent them (check-scope.ts).
 */
import { createClient } from "../client/index.ts";
import { guardSubresourceDeletes } from "../client/subresource-guard.ts";
import type { S3Client } from "../client/types.ts";
import type { ExchangeRecord } from "../client/types.ts";
import type { Target } from "../config/target.ts";
import { currentCheck } from "./check-scope.ts";

export async function openClient(target: Target, onExchange: (e: ExchangeRecord) => void): Promise<S3Client> {
  // No bucket-subresource DELETE unless the server has shown it knows the subresource.
  return guardSubresourceDeletes(
    createClient({
      endpoint: target.endpoint,
      httpEndpoint: target.httpEndpoint,
      region: target.region,
      accessKeyId: target.accessKeyId,
      secretAccessKey: target.secretAccessKey,
      virtualHosted: target.virtualHosted,
      caPem: target.caPem,
      insecure: target.insecure,
      timeoutMs: target.timeoutMs,
      retries: target.retries ?? 0,
      onExchange: (e) => {
        const check = currentCheck();
        if (check) check.exchanges++;
        onExchange(e);
      },
      onConnect: () => {
        const check = currentCheck();
        if (check) check.connections++;
      },
    }),
  );
}
