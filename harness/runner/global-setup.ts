/**
 * vitest globalSetup shared by the CLI and the `conformance` project of `npm test`.
 *
 * Under the CLI the target is already provided (the CLI probes, prints the banner and owns the
 * lifecycle, so it can clean up on a signal): nothing to do here. Under `npm test` nothing is
 * provided: settings come from the environment (SSEC_* / AWS_* as for the CLI; with no endpoint
 * the bundled reference server is started), the run's bucket is created, target/profile/filters
 * are provided, and the returned teardown deletes what the run created and stops the server.
 */
import type { TestProject } from "vitest/node";
import { ConfigError } from "../config/errors.ts";
import { resolveRunSettings } from "../config/settings.ts";
import { registerSecret } from "../report/redact.ts";
import { loadRunContext, targetSettings } from "./context.ts";
import { prepareTarget } from "./lifecycle.ts";
import "../config/provided.ts";

export default async function setup(project: TestProject): Promise<undefined | (() => Promise<void>)> {
  if (project.getProvidedContext().target) return undefined;
  const settings = resolveRunSettings({}, process.env);
  if (settings instanceof ConfigError) throw new Error(settings.toString());
  const ctx = loadRunContext(settings);
  if (ctx instanceof ConfigError) throw new Error(ctx.toString());
  if (settings.secretAccessKey) registerSecret(settings.secretAccessKey);
  const prepared = await prepareTarget(targetSettings(settings, ctx));
  registerSecret(prepared.target.secretAccessKey);
  project.provide("target", prepared.target);
  project.provide("profile", ctx.profile);
  project.provide("filters", ctx.filters);
  return async () => {
    const report = await prepared.cleanup();
    if (report.problems.length) console.warn(`ssec-conformance cleanup left things behind:\n  ${report.problems.join("\n  ")}`);
  };
}
