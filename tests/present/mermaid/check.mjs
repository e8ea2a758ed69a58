// Parse Mermaid diagrams with the real Mermaid parser (mermaid + jsdom, the
// versions pinned in package.json; installed by `.ci/run` with `npm ci`).
// stdin: a JSON array of diagram texts. stdout: a JSON array, one result per
// diagram: {ok, type, vertices: [ids], edges: count} or {ok: false, error}.
import { readFileSync } from "node:fs";
import { JSDOM } from "jsdom";

const { window } = new JSDOM("<!DOCTYPE html><body></body>");
globalThis.window = window;
globalThis.document = window.document;
const createDOMPurify = (await import("dompurify")).default;
globalThis.DOMPurify = createDOMPurify(window);
const mermaid = (await import("mermaid")).default;
mermaid.initialize({ startOnLoad: false });

const texts = JSON.parse(readFileSync(0, "utf-8"));
const results = [];
for (const text of texts) {
  try {
    const parsed = await mermaid.parse(text);
    const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
    const vertices = diagram.db.getVertices();
    const ids = vertices instanceof Map ? [...vertices.keys()] : Object.keys(vertices);
    results.push({ ok: true, type: parsed.diagramType, vertices: ids, edges: diagram.db.getEdges().length });
  } catch (e) {
    results.push({ ok: false, error: String((e && e.message) || e) });
  }
}
process.stdout.write(JSON.stringify(results));
