/**
 * All S3 XML the server reads or writes. Rendering is a tiny element builder with escaping;
 * parsing uses fast-xml-parser with every value kept as a string, after XMLValidator has
 * confirmed well-formedness (malformed input → MalformedXML, never a crash).
 */
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { S3Fault } from "./errors.ts";

export const S3_NS = "http://s3.amazonaws.com/doc/2006-03-01/";

/** An element: name, then children (elements, text, or nothing when undefined/false). */
export type Node = [string, ...Child[]];
export type Child = Node | string | number | boolean | undefined | null | Child[];

export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) =>
    c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : c === '"' ? "&quot;" : "&apos;",
  );
}

/**
 * An array whose head is a string is an element; any other array is a list of siblings
 * (so `items.map((i) => ["Key", i])` can be passed as one child).
 */
function renderChild(c: Child, out: string[]): void {
  if (c === undefined || c === null || c === false) return;
  if (Array.isArray(c)) {
    if (typeof c[0] === "string") renderNode(c as Node, out);
    else for (const x of c) renderChild(x, out);
    return;
  }
  out.push(escapeXml(String(c)));
}

function renderNode(n: Node, out: string[]): void {
  const [name, ...children] = n;
  out.push(`<${name}>`);
  for (const c of children) renderChild(c, out);
  out.push(`</${name.split(" ")[0]}>`);
}

/** A complete document; the root element gets the S3 namespace unless `ns` is false. */
export function xmlDocument(root: Node, ns = true): Buffer {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>\n'];
  const [name, ...children] = root;
  renderNode([ns ? `${name} xmlns="${S3_NS}"` : name, ...children], out);
  return Buffer.from(out.join(""), "utf8");
}

/** `<Error>` body (ErrorResponses): Code, Message, extra fields, Resource, RequestId. */
export function errorDocument(
  code: string,
  message: string,
  fields: Record<string, string>,
  resource: string,
  requestId: string,
): Buffer {
  return xmlDocument(
    [
      "Error",
      ["Code", code],
      ["Message", message],
      Object.entries(fields).map(([k, v]): Node => [k, v]),
      ["Resource", resource],
      ["RequestId", requestId],
    ],
    false,
  );
}

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  removeNSPrefix: true,
  processEntities: true,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

export type XmlValue = string | XmlObject | XmlValue[];
export interface XmlObject {
  [name: string]: XmlValue;
}

/** Parses a request body; anything not well-formed or without the expected root → MalformedXML. */
export function parseXml(body: Buffer, root: string): XmlObject {
  const text = body.toString("utf8");
  const malformed = () =>
    new S3Fault(
      "MalformedXML",
      "The XML you provided was not well-formed or did not validate against our published schema",
    );
  if (text.trim() === "" || XMLValidator.validate(text) !== true) throw malformed();
  let doc: unknown;
  try {
    doc = parser.parse(text);
  } catch {
    throw malformed();
  }
  const top = (doc as XmlObject)[root];
  if (top === undefined) throw malformed();
  if (typeof top === "string") return {};
  if (Array.isArray(top)) throw malformed();
  return top;
}

/** Children of an element as a list (fast-xml-parser gives one object or an array). */
export function children(v: XmlValue | undefined): XmlValue[] {
  if (v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}

/** A child element's text, undefined when absent. Nested elements are not text. */
export function text(obj: XmlValue | undefined, name: string): string | undefined {
  if (obj === undefined || typeof obj === "string" || Array.isArray(obj)) return undefined;
  const v = obj[name];
  if (v === undefined) return undefined;
  if (typeof v === "string") return v;
  if (Array.isArray(v)) return undefined;
  return Object.keys(v).length === 0 ? "" : undefined;
}

/** S3 timestamps in listings: ISO 8601 with milliseconds. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}
