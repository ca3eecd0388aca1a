/** --ca and --insecure: a flag beats the other one's variable; two flags or two variables contradict (issue 18, item 4). */
import { describe, expect, it } from "vitest";
import { ConfigError } from "./config-error.ts";
import { resolveRunSettings, type RunSettings } from "./settings.ts";

function resolve(flags: Record<string, unknown>, env: Record<string, string> = {}): RunSettings | ConfigError {
  return resolveRunSettings(flags as never, env);
}

describe("resolveRunSettings: CA and --insecure", () => {
  it("--insecure beats AWS_CA_BUNDLE from the environment, and says the CA is ignored", () => {
    const s = resolve({ insecure: true }, { AWS_CA_BUNDLE: "/etc/corp-ca.pem" });
    expect(s).not.toBeInstanceOf(ConfigError);
    const r = s as RunSettings;
    expect(r.insecure).toBe(true);
    expect(r.caFile).toBeUndefined();
    expect(r.overridden).toEqual(["AWS_CA_BUNDLE (environment) is ignored: --insecure skips certificate verification"]);
  });

  it("--insecure beats SSEC_CA too", () => {
    const r = resolve({ insecure: true }, { SSEC_CA: "ca.pem" }) as RunSettings;
    expect([r.insecure, r.caFile, r.overridden?.[0]]).toEqual([
      true,
      undefined,
      "SSEC_CA (environment) is ignored: --insecure skips certificate verification",
    ]);
  });

  it("--ca beats SSEC_INSECURE from the environment", () => {
    const r = resolve({ ca: "ca.pem" }, { SSEC_INSECURE: "1" }) as RunSettings;
    expect([r.insecure, r.caFile, r.overridden]).toEqual([
      false,
      "ca.pem",
      ["SSEC_INSECURE (environment) is ignored: --ca is given"],
    ]);
  });

  it.each([
    ["two flags", { ca: "ca.pem", insecure: true }, {}, "--ca", "contradicts --insecure"],
    [
      "two variables",
      {},
      { AWS_CA_BUNDLE: "ca.pem", SSEC_INSECURE: "yes" },
      "AWS_CA_BUNDLE",
      "contradicts SSEC_INSECURE",
    ],
  ])("%s contradict each other", (_n, flags, env, source, why) => {
    const e = resolve(flags, env as Record<string, string>);
    expect(e).toBeInstanceOf(ConfigError);
    expect((e as ConfigError).toString()).toContain(source);
    expect((e as ConfigError).toString()).toContain(why);
  });

  it("nothing is noted when nothing was overridden", () => {
    expect((resolve({ insecure: true }) as RunSettings).overridden).toBeUndefined();
    expect((resolve({}, { AWS_CA_BUNDLE: "ca.pem" }) as RunSettings).caFile).toBe("ca.pem");
  });
});
