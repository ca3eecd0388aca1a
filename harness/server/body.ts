/** Small request bodies (XML documents) read whole, with a hard limit. */
import type { Readable } from "node:stream";
import { S3Fault } from "./errors.ts";

/** Reads at most `limit` bytes; a longer body → MaxMessageLengthExceeded (nothing else buffered). */
export async function readSmallBody(stream: Readable, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const chunk of stream) {
    n += (chunk as Buffer).length;
    if (n > limit) {
      stream.destroy();
      throw new S3Fault("MaxMessageLengthExceeded", "Your request was too big.");
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
