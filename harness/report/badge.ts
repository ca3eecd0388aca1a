/**
 * One SVG badge per run (`ssec-conformance matrix`): "SSE-C | 397/399", green when the run's gate
 * passed, red when it failed, grey without a verdict. Plain SVG 1.1, no fonts or scripts fetched.
 */
import type { Gate } from "./results.ts";

const COLOURS: Record<Gate, string> = { PASS: "#2e7d32", FAIL: "#c62828", "NO VERDICT": "#757575" };

const escapeXml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** A rough width of Verdana 11px text, as shields-style badges size their halves. */
const textWidth = (s: string) => Math.ceil(s.length * 7 + 10);

export function badgeSvg(label: string, value: string, gate: Gate): string {
  const [lw, vw] = [textWidth(label), textWidth(value)];
  const w = lw + vw;
  const title = escapeXml(`${label}: ${value} (${gate})`);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="20" role="img" aria-label="${title}">`,
    `<title>${title}</title>`,
    `<rect width="${lw}" height="20" fill="#555"/>`,
    `<rect x="${lw}" width="${vw}" height="20" fill="${COLOURS[gate]}"/>`,
    `<g fill="#fff" text-anchor="middle" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11">`,
    `<text x="${lw / 2}" y="14">${escapeXml(label)}</text>`,
    `<text x="${lw + vw / 2}" y="14">${escapeXml(value)}</text>`,
    `</g>`,
    `</svg>`,
    "",
  ].join("\n");
}
