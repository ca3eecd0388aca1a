/**
 * Incremental decoder of the `aws-chunked` content encoding: strips the framing, verifies chunk
 * signatures (STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]) and collects the trailing headers.
 *
 * Wire format (AWS S3 API reference, "Transferring Payload in Multiple Chunks" and "Signature
 * calculations for trailing headers"):
 *
 *   hex-size [;chunk-signature=<64 hex>] CRLF  data  CRLF   ...repeated...
 *   0 [;chunk-signature=<64 hex>] CRLF
 *   [name:value CRLF]...  [x-amz-trailer-signature:<64 hex> CRLF]  CRLF
 *
 * Chunk n is signed over "AWS4-HMAC-SHA256-PAYLOAD\n<date>\n<scope>\n<sig n-1>\n<sha256('')>\n
 * <sha256(data)>", starting from the seed (the request's own signature); the trailer over
 * "AWS4-HMAC-SHA256-TRAILER\n<date>\n<scope>\n<last chunk sig>\n<sha256(trailer lines)>" where each
 * trailer line is `name:value\n`.
 *
 * Data bytes are handed to the sink as slices of the input buffers (no copies). A chunk's bytes
 * reach the sink before its signature can be checked (the signature covers the whole chunk); a
 * failure is reported before the stream ends, so a consumer that commits only after a clean end
 * never keeps them. Every malformed input yields an S3Fault; nothing here throws, and framing
 * lines are bounded so garbage cannot make the decoder buffer without limit.
 */
import { createHash, type Hash } from "node:crypto";
import { fault, type S3Fault } from "../errors.ts";
import { EMPTY_SHA256, hmac, signaturesEqual } from "./signing-key.ts";

export interface ChunkSigning {
  /** The derived SigV4 signing key of the request. */
  key: Buffer;
  /** The request timestamp as signed (yyyymmddThhmmssZ). */
  amzDate: string;
  scope: string;
  /** The request's own signature, which chains into the first chunk. */
  seed: string;
}

export interface ChunkedOptions {
  /** Present for the signed variants; absent for STREAMING-UNSIGNED-PAYLOAD-TRAILER. */
  signing?: ChunkSigning;
  /** The trailer names declared in x-amz-trailer (lower case); empty when none. */
  trailerNames: readonly string[];
}

/** Longest framing line accepted (a chunk header with a signature is ~90 bytes). */
const MAX_LINE = 4096;
/** Most trailer lines accepted (S3 sends one checksum, plus the trailer signature). */
const MAX_TRAILER_LINES = 8;
/** 13 hex digits: sizes stay below 2^52, exact in a JS number. */
const CHUNK_HEADER = /^([0-9a-fA-F]{1,13})((?:;[^;]*)*)$/;
const TRAILER_SIGNATURE = "x-amz-trailer-signature";

type State = "size" | "data" | "data-cr" | "data-lf" | "trailer" | "done";

function framing(message: string): S3Fault {
  return fault("InvalidRequest", `Malformed aws-chunked body: ${message}`);
}

export class AwsChunkedDecoder {
  private state: State = "size";
  /** Bytes of the framing line being read (never data). */
  private line: Buffer[] = [];
  private lineLength = 0;
  private remaining = 0;
  private chunkHash: Hash | undefined;
  private chunkSignature = "";
  private previousSignature: string;
  private trailerLines = 0;
  private trailerCanonical = "";
  private trailerSignature: string | undefined;
  /** Trailing headers received, lower-case names (x-amz-trailer-signature excluded). */
  readonly trailers = new Map<string, string>();

  constructor(private readonly opts: ChunkedOptions) {
    this.previousSignature = opts.signing?.seed ?? "";
  }

  /** Feeds raw body bytes; decoded data goes to `sink`. Returns a fault on the first error. */
  write(buf: Buffer, sink: (data: Buffer) => void): S3Fault | undefined {
    let i = 0;
    while (i < buf.length) {
      switch (this.state) {
        case "data": {
          const n = Math.min(this.remaining, buf.length - i);
          const slice = buf.subarray(i, i + n);
          this.chunkHash?.update(slice);
          sink(slice);
          this.remaining -= n;
          i += n;
          if (this.remaining === 0) this.state = "data-cr";
          break;
        }
        case "data-cr":
        case "data-lf": {
          const expected = this.state === "data-cr" ? 0x0d : 0x0a;
          if (buf[i] !== expected) return framing("chunk data is not followed by CRLF (chunk longer than declared?)");
          i++;
          if (this.state === "data-cr") {
            this.state = "data-lf";
          } else {
            const bad = this.finishChunk();
            if (bad) return bad;
            this.state = "size";
          }
          break;
        }
        case "done": {
          // Tolerate stray line ends after the final CRLF; anything else is not aws-chunked.
          const b = buf[i]!;
          if (b !== 0x0d && b !== 0x0a) return framing("data after the end of the aws-chunked body");
          i++;
          break;
        }
        case "size":
        case "trailer": {
          const lf = buf.indexOf(0x0a, i);
          const end = lf < 0 ? buf.length : lf;
          if (this.lineLength + (end - i) > MAX_LINE) return framing("framing line too long");
          if (end > i) {
            this.line.push(buf.subarray(i, end));
            this.lineLength += end - i;
          }
          i = end;
          if (lf < 0) break;
          i = lf + 1;
          let text = Buffer.concat(this.line, this.lineLength).toString("latin1");
          this.line = [];
          this.lineLength = 0;
          if (text.endsWith("\r")) text = text.slice(0, -1);
          const bad = this.state === "size" ? this.onChunkHeader(text) : this.onTrailerLine(text);
          if (bad) return bad;
          break;
        }
      }
    }
    return undefined;
  }

  /** Call at end of input: reports a truncated body or missing trailers. */
  end(): S3Fault | undefined {
    const incomplete = fault("IncompleteBody", "The request body terminated unexpectedly");
    if (this.state === "trailer" && this.lineLength === 0) {
      // A body may stop right after its last trailer line without the closing CRLF.
      const bad = this.finishTrailers();
      if (bad) return bad;
    }
    if (this.state !== "done") return incomplete;
    return undefined;
  }

  private onChunkHeader(text: string): S3Fault | undefined {
    const m = CHUNK_HEADER.exec(text);
    if (!m) return framing("invalid chunk header");
    const size = parseInt(m[1]!, 16);
    let signature: string | undefined;
    for (const ext of m[2]!.split(";").slice(1)) {
      const eq = ext.indexOf("=");
      const name = (eq < 0 ? ext : ext.slice(0, eq)).trim();
      if (name !== "chunk-signature") continue;
      if (signature !== undefined) return framing("more than one chunk-signature");
      signature = eq < 0 ? "" : ext.slice(eq + 1).trim();
    }
    if (this.opts.signing) {
      if (signature === undefined) {
        return fault("SignatureDoesNotMatch", "A chunk of a signed aws-chunked body carries no chunk-signature.");
      }
      this.chunkSignature = signature;
      this.chunkHash = createHash("sha256");
    }
    if (size === 0) {
      const bad = this.finishChunk();
      if (bad) return bad;
      this.state = "trailer";
      return undefined;
    }
    this.remaining = size;
    this.state = "data";
    return undefined;
  }

  /** Verifies the signature of the chunk just read (signed variants only). */
  private finishChunk(): S3Fault | undefined {
    const signing = this.opts.signing;
    if (!signing || !this.chunkHash) return undefined;
    const toSign = [
      "AWS4-HMAC-SHA256-PAYLOAD",
      signing.amzDate,
      signing.scope,
      this.previousSignature,
      EMPTY_SHA256,
      this.chunkHash.digest("hex"),
    ].join("\n");
    this.chunkHash = undefined;
    const expected = hmac(signing.key, toSign).toString("hex");
    if (!signaturesEqual(expected, this.chunkSignature)) {
      return fault(
        "SignatureDoesNotMatch",
        "The chunk signature we calculated does not match the signature you provided.",
      );
    }
    this.previousSignature = expected;
    return undefined;
  }

  private onTrailerLine(text: string): S3Fault | undefined {
    if (text.trim() === "") {
      // Some clients put an empty line between the checksum and the trailer signature.
      if (
        this.opts.signing &&
        this.opts.trailerNames.length > 0 &&
        this.trailerSignature === undefined &&
        this.trailerLines > 0
      ) {
        return undefined;
      }
      return this.finishTrailers();
    }
    if (++this.trailerLines > MAX_TRAILER_LINES) return framing("too many trailing headers");
    const colon = text.indexOf(":");
    if (colon <= 0) return framing("invalid trailing header line");
    const name = text.slice(0, colon).trim().toLowerCase();
    const value = text.slice(colon + 1).trim();
    if (name === TRAILER_SIGNATURE) {
      if (!this.opts.signing || this.opts.trailerNames.length === 0)
        return framing("unexpected x-amz-trailer-signature");
      if (this.trailerSignature !== undefined) return framing("more than one x-amz-trailer-signature");
      this.trailerSignature = value;
      return undefined;
    }
    if (this.trailerSignature !== undefined) return framing("trailing header after x-amz-trailer-signature");
    if (!this.opts.trailerNames.includes(name)) {
      return framing(`trailing header ${JSON.stringify(name.slice(0, 64))} was not declared in x-amz-trailer`);
    }
    if (this.trailers.has(name)) return framing("repeated trailing header");
    this.trailers.set(name, value);
    this.trailerCanonical += `${name}:${value}\n`;
    return undefined;
  }

  private finishTrailers(): S3Fault | undefined {
    for (const name of this.opts.trailerNames) {
      if (!this.trailers.has(name)) {
        return fault("IncompleteBody", `The body ended without the trailing header ${name} declared in x-amz-trailer.`);
      }
    }
    const signing = this.opts.signing;
    if (signing && this.opts.trailerNames.length > 0) {
      if (this.trailerSignature === undefined) {
        return fault(
          "SignatureDoesNotMatch",
          "The trailing headers of a signed aws-chunked body carry no x-amz-trailer-signature.",
        );
      }
      const toSign = [
        "AWS4-HMAC-SHA256-TRAILER",
        signing.amzDate,
        signing.scope,
        this.previousSignature,
        createHash("sha256").update(this.trailerCanonical).digest("hex"),
      ].join("\n");
      const expected = hmac(signing.key, toSign).toString("hex");
      if (!signaturesEqual(expected, this.trailerSignature)) {
        return fault(
          "SignatureDoesNotMatch",
          "The trailer signature we calculated does not match the signature you provided.",
        );
      }
    }
    this.state = "done";
    return undefined;
  }
}
