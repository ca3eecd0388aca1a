/**
 * vitest globalSetup shared by the CLI and the `conformance` project of `npm test`.
 *
 * Under the CLI the target is already provided (the CLI probes, prints the banner and owns the
 * lifecycle, so it can clean up on a signal): nothing to do here. Under `npm test` nothing is
 * provided: settings come from the environment (SSEC_* only; with no SSEC_ENDPOINT the bundled
 * reference server is started), the run's bucket is created, target/profile/filters are provided,
 * and the returned teardown deletes what the run created and stops the server.
 *
 * Unlike the CLI, `npm test` ignores AWS_* (AWS_ENDPOINT_URL[_S3], AWS_ACCESS_KEY_ID, …): a
 * developer's shell often points those at a real account, and the project's own tests must not
 * create buckets there. Testing a real endpoint takes an explicit SSEC_ENDPOINT.
 */
import type { TestProject } from "vitest/node";
import { projectTestEnv } from "../config/environment.ts";
import { ConfigError } from "../config/config-error.ts";
import { resolveRunSettings } from "../config/settings.ts";
import { registerSecret } from "../secrets/redact.ts";
import { loadRunContext, targetSettings } from "./run-context.ts";
import { prepareTarget } from "./lifecycle.ts";
import "../kit/provided.ts";

export default async function setup(project: TestProject): Promise<undefined | (() => Promise<void>)> {
  if (project.getProvidedContext().target) return undefined;
  const settings = resolveRunSettings({}, projectTestEnv());
  if (settings instanceof ConfigError) throw new Error(settings.toString());
  const ctx = loadRunContext(settings);
  if (ctx instanceof ConfigError) throw new Error(ctx.toString());
  if (settings.secretAccessKey) registerSecret(settings.secretAccessKey);
  const prepared = await prepareTarget(targetSettings(settings, ctx));
  registerSecret(prepared.target.secretAccessKey);
  project.provide("target", prepared.target);
  project.provide("profile", ctx.profile);
  project.provide("filters", ctx.filters);
  project.provide("features", prepared.features);
  return async () => {
    const report = await prepared.cleanup();
    if (report.problems.length)
      console.warn(`ssec-conformance cleanup left things behind:\n  ${report.problems.join("\n  ")}`);
  };
}
