/**
 * A failing sequence told as a story: one numbered line per request, the command it belongs to,
 * what the model expected and what came back; the failing request is the last line.
 */

/** One request of a sequence as it ran. */
export interface ScenarioLine {
  /** 1-based number of the command the request belongs to. */
  command: number;
  text: string;
  expected: string;
  actual: string;
  ok: boolean;
}

export function scenarioLines(lines: readonly ScenarioLine[]): string[] {
  return lines.map((l, i) => {
    const n = `${i + 1}.`.padEnd(4);
    const answer = l.ok ? `${l.actual}  ok` : `expected ${l.expected}; actual ${l.actual}  <- fails here`;
    return `  ${n}[command ${l.command}] ${l.text} -> ${answer}`;
  });
}

/** How many commands the scenario has (the shrunk length). */
export function commandCount(lines: readonly ScenarioLine[]): number {
  return lines.reduce((n, l) => Math.max(n, l.command), 0);
}
