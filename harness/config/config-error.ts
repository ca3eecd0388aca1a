/**
 * A configuration or usage error: which setting (as the user gave it: `--endpoint`, `SSEC_RUNS`,
 * `profile file x.json`) and why. A value, not a throw: validation returns it, the CLI prints it as
 * one line and exits 2.
 */
export class ConfigError {
  readonly setting: string;
  readonly reason: string;
  constructor(setting: string, reason: string) {
    this.setting = setting;
    this.reason = reason;
  }

  /** `ssec-conformance: --endpoint: "not-a-url" is not an http(s) URL` — one line, always. */
  toString(): string {
    return `ssec-conformance: ${this.setting}: ${this.reason}`.replace(/\s*\r?\n\s*/g, " ");
  }
}

export function isConfigError(v: unknown): v is ConfigError {
  return v instanceof ConfigError;
}
