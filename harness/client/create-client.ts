/**
 * `createClient(options)`: one signer, one transport (keep-alive pools, TLS trust) and the retry
 * layer around them; `send(request)` prepares, signs and sends exactly what the request says.
 */
import type { ClientOptions, RetryPolicy, S3Client, S3Request, S3Response } from "./types.ts";
import { prepareRequest } from "./prepare.ts";
import { createTransport } from "./send.ts";
import { SigV4 } from "./sign.ts";
import { withRetries } from "./retry.ts";

/** Per-request timeout when neither the request nor the client sets one. */
export const DEFAULT_TIMEOUT_MS = 30_000;

export function createClient(options: ClientOptions): S3Client {
  const signer = new SigV4({
    credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
    region: options.region,
  });
  // Exchanges are reported here, after the retry layer has annotated them, not by the transport.
  const transport = createTransport({
    caPem: options.caPem,
    insecure: options.insecure,
    lookup: options.lookup,
    onConnect: options.onConnect,
    connectTimeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  });
  const policy: RetryPolicy = { ...options.retryBackoff, retries: Math.max(0, options.retries ?? 0) };
  return {
    async send(req: S3Request): Promise<S3Response> {
      return withRetries(
        req,
        policy,
        // Re-prepared per attempt: a fresh x-amz-date and signature, a fresh aws-chunked body stream.
        async () =>
          transport.send(await prepareRequest(options, signer, req), {
            timeoutMs: req.timeoutMs ?? options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
            streamResponse: req.streamResponse,
          }),
        (outcome) => options.onExchange?.(outcome.exchange),
      );
    },
    close: () => transport.close(),
  };
}
