// Performance: the status of every goal, thematic priority or outcome (GET /performance),
// with its reasons, a row per element and its children below it, down to the indicators.
// Grey is no data: it is shown as missing, never as green.

import { api } from "../api.js";
import { elementHref, fill, h, loading, problemNotice, typeLabel } from "../dom.js";

const LEVELS = ["Goal", "ThematicPriority", "Outcome"];
const DEPTH = { Goal: 3, ThematicPriority: 2, Outcome: 1 };

export async function render(main, _args, query) {
  const by = LEVELS.includes(query.get("by")) ? query.get("by") : "Goal";
  const asOf = query.get("as_of") || "";
  const picker = h("p.small", { id: "levels" }, "Level: ", ...LEVELS.map((level) => [
    level === by ? h("strong", typeLabel(level)) : h("a", { href: `#/performance?by=${level}${asOf ? `&as_of=${asOf}` : ""}` }, typeLabel(level)),
    " ",
  ]));
  main.append(h("div.pagehead", h("div", h("h1", "Performance"),
    h("p.muted", "Status from the latest ended period of each indicator, rolled up; grey is no data, shown as missing."), picker)));
  const out = h("div", { id: "performance" }, loading());
  main.append(out);
  try {
    const params = { by, depth: DEPTH[by] };
    if (asOf) params.as_of = asOf;
    const report = await api.get("/performance", params);
    const rows = [];
    for (const item of report.items) addRows(rows, item, 0);
    fill(out,
      h("p.small.muted", `As of ${report.as_of}; ${report.rule}; ${report.weighting} weights. `,
        ...Object.entries(report.counts).map(([status, n]) => [badge(status), ` ${n} `])),
      h("table.table", { id: "performance-table" },
        h("thead", h("tr", h("th", "Element"), h("th", "Status"), h("th", "Why"))),
        h("tbody", rows)));
  } catch (error) {
    fill(out, problemNotice(error));
  }
}

// Styles are set through the CSSOM (the page's CSP allows no inline style attributes).
function addRows(rows, node, depth) {
  const name = h("td",
    h("a", { href: elementHref(node.id) }, node.code ? `${node.code} ` : "", node.name || node.id),
    h("span.muted.small", ` ${typeLabel(node.type)}`));
  name.style.paddingLeft = `${0.5 + depth * 1.25}rem`;
  rows.push(h("tr", { dataset: { status: node.status, depth: String(depth) } },
    name, h("td", badge(node.status)), h("td.small", node.why)));
  for (const child of node.children || []) addRows(rows, child, depth + 1);
}

const COLOURS = { green: "#15803d", amber: "#b45309", red: "#b91c1c", grey: "#6b7280" };

function badge(status) {
  const el = h("span.badge", { dataset: { status } }, status);
  Object.assign(el.style, { background: COLOURS[status], color: "#fff", padding: "0 .4em", borderRadius: ".3em" });
  return el;
}
