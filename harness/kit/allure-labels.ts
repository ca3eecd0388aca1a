/**
 * Allure metadata for a check: epic = interface, feature = category,
 * story = id, severity from the level, the evidence (grades, statements, sources) in the
 * description and as links, profile/target/seed as parameters, and the redacted transcript attached to a failing check.
 *
 * Every text handed to Allure passes redact() here: allure-vitest writes it to disk from the worker,
 * the only process that knows the run's customer keys.
 *
 * Calls are made only when allure-vitest's runtime is installed (its setup file); without it
 * allure-js-commons prints a warning per call, which would bury a unit run in noise.
 */
import * as allure from "allure-js-commons";
import { evidenceLinks, evidenceMarkdown } from "../checks/evidence.ts";
import type { CheckDef, Deviation } from "../checks/types.ts";
import { redact } from "../secrets/redact.ts";

function runtimeInstalled(): boolean {
  return typeof (globalThis as Record<string, unknown>).allureTestRuntime === "function";
}

export async function labelCheck(
  def: CheckDef,
  params: { profile: string; target: string; seed: number },
  deviation?: Deviation,
): Promise<void> {
  if (!runtimeInstalled()) return;
  await allure.epic(def.interface);
  await allure.feature(def.category);
  await allure.story(def.id);
  await allure.severity(def.level === "MUST" ? "critical" : "normal");
  await allure.tag(def.level);
  await allure.description(
    redact(
      `${def.title}\n\n${evidenceMarkdown(def.evidence)}${deviation ? `\n\nDeclared deviation: ${deviation.reason}${deviation.until ? ` (until ${deviation.until})` : ""}` : ""}`,
    ),
  );
  for (const l of evidenceLinks(def.evidence)) await allure.link(l.url, redact(l.name));
  if (deviation?.link) await allure.link(deviation.link, "deviation");
  await allure.parameter("profile", redact(params.profile));
  await allure.parameter("target", redact(params.target));
  await allure.parameter("seed", String(params.seed));
}

/** Attach a transcript (redacted again here: an attachment is written as is). */
export async function attachTranscript(text: string): Promise<void> {
  if (!runtimeInstalled()) return;
  await allure.attachment("transcript (keys redacted)", redact(text), "text/plain");
}

/** Attach a text (a stateful check's scenario), redacted like a transcript. */
export async function attachText(name: string, text: string): Promise<void> {
  if (!runtimeInstalled()) return;
  await allure.attachment(`${name} (keys redacted)`, redact(text), "text/plain");
}
