// Performance: the status of every goal, thematic priority or outcome (GET /performance),
// with its reasons, a row per element and its children one level below it (an outcome's:
// its indicators); a page of elements at a time, never the whole tree of a large plan.
// Grey is no data: it is shown as missing, never as green.

import { api } from "../api.js";
import { elementHref, fill, h, loading, problemNotice, typeLabel } from "../dom.js";

const LEVELS = ["Goal", "ThematicPriority", "Outcome"];
const PAGE = 100;

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
    const params = { by, depth: 1, limit: PAGE };
    if (asOf) params.as_of = asOf;
    const report = await api.get("/performance", params);
    const body = h("tbody");
    const more = h("div");
    fill(out,
      h("p.small.muted", `As of ${report.as_of}; ${report.rule}; ${report.weighting} weights. `,
        ...Object.entries(report.counts).map(([status, n]) => [badge(status), ` ${n} `])),
      h("table.table", { id: "performance-table" },
        h("thead", h("tr", h("th", "Element"), h("th", "Status"), h("th", "Why"))),
        body),
      more);
    showPage(body, more, report, params, 0);
  } catch (error) {
    fill(out, problemNotice(error));
  }
}

function showPage(body, more, report, params, shown) {
  const rows = [];
  for (const item of report.items) addRows(rows, item, 0);
  body.append(...rows);
  const left = report.total - shown - report.items.length;
  if (!report.next_cursor) return fill(more);
  const button = h("button.ghost", { type: "button", id: "performance-more" }, `Show ${Math.min(PAGE, left)} more of ${left}`);
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      const next = await api.get("/performance", { ...params, cursor: report.next_cursor });
      showPage(body, more, next, params, shown + report.items.length);
    } catch (error) {
      fill(more, problemNotice(error));
    }
  });
  fill(more, button);
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
