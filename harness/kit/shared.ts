/**
 * Fixtures shared between checks: made by the first check that needs them (its exchanges appear
 * in that check's transcript); a failed creation fails every check that needs it with the same
 * precondition error.
 */
import { afterAll } from "vitest";
import type { CheckContext, Upload } from "./types.ts";
import { abort } from "./multipart-requests.ts";

/** A value shared by the checks of one file (an uploaded fixture object). */
export function shared<T>(create: (ctx: CheckContext) => Promise<T>): (ctx: CheckContext) => Promise<T> {
  let p: Promise<T> | undefined;
  return (ctx) => (p ??= create(ctx));
}

/** Every sharedPerCheck's fixtures, by check id (forgetPerCheck empties a check's). */
const perCheck: Map<string, Promise<unknown>>[] = [];

/**
 * A fixture made once per check and shared by its cases (a property's refused requests never change it;
 * one that is not refused fails the property, whose replay then starts on fresh ones: forgetPerCheck).
 */
export function sharedPerCheck<T>(make: (ctx: CheckContext) => Promise<T>): (ctx: CheckContext) => Promise<T> {
  const made = new Map<string, Promise<T>>();
  perCheck.push(made);
  return (ctx) => {
    let p = made.get(ctx.def.id);
    if (!p) made.set(ctx.def.id, (p = make(ctx)));
    return p;
  };
}

/** The next case of check `id` that needs a per-check fixture makes it afresh. */
export function forgetPerCheck(id: string): void {
  for (const made of perCheck) made.delete(id);
}

/**
 * An upload shared by the checks of one file (the refusals each send their own part number),
 * made by the first check that needs it and aborted once the file's checks have run, so the run
 * leaves no upload open.
 */
export function sharedUpload(make: (ctx: CheckContext) => Promise<Upload>): (ctx: CheckContext) => Promise<Upload> {
  let made: { ctx: CheckContext; upload: Promise<Upload> } | undefined;
  afterAll(async () => {
    if (!made) return;
    const upload = await made.upload.catch(() => undefined);
    // The file's client is still open: file-client.ts registered its afterAll first (on import),
    // and vitest runs a file's afterAll hooks in reverse order (sequence.hooks "stack").
    if (upload) await abort(made.ctx, upload);
  });
  return (ctx) => (made ??= { ctx, upload: make(ctx) }).upload;
}

/**
 * Part numbers for checks sharing one upload: each check takes its own, so what one check stored
 * never hides what another refused.
 */
export function partNumbers(start = 1): () => number {
  let next = start;
  return () => next++;
}
