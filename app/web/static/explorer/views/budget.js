// Budget flow: goals -> thematic priorities -> outcomes -> outputs -> cost objects. Each box
// of the first four columns is the budget entering the element from below (the API's
// roll-up, shares honoured); a cost object's box is its own amount. A box with no known
// amount is drawn hatched and labelled "unknown". The bands are the links between them
// (an output reaches a cost object directly or through one of its activities). Each of
// the four levels is asked for its SHOWN largest figures (`sort=amount`: the API ranks the
// whole level, unknown amounts last), so the boxes are the true largest of the level.

import { api } from "../api.js";
import { TYPE_COLOURS, clear, fill, elementHref, h, loading, problemNotice, svg, typeLabel } from "../dom.js";

const LEVELS = ["Goal", "ThematicPriority", "Outcome", "Output"];
// Below the outputs: their activities (passed through) and the cost objects (the last column).
const BELOW_OUTPUTS = ["Activity", "CostObject"];
const SHOWN = 14;
const COL = 250;
const BOX = 18;
const HEIGHT = 560;

export async function render(main) {
  main.append(
    h("div.pagehead", h("div", h("h1", "Budget flow"), h("p.muted", "Budget entering each element from the cost objects below it; unknown amounts are shown as unknown, never as zero."))),
  );
  const out = h("div", { id: "budget" }, loading());
  main.append(out);
  try {
    const [rollups, graph] = await Promise.all([
      Promise.all(LEVELS.map((by) => api.get("/budget", { by, sort: "amount", limit: SHOWN }))),
      api.get("/graph", { types: [...LEVELS, ...BELOW_OUTPUTS].join(","), depth: 0, limit: 2000 }),
    ]);
    const outputs = rollups[rollups.length - 1];
    const costs = await costColumn(outputs, graph);
    fill(out, summary(outputs), flow([...rollups, costs], graph, costs.reach));
  } catch (error) {
    fill(out, problemNotice(error));
  }
}

function summary(r) {
  const fmt = (n) => n.toLocaleString(undefined, { maximumFractionDigits: 0 });
  const currency = r.currencies.join("/") || "";
  return h("div.grid",
    h("div.card.stat", h("span.num", fmt(r.total_funded)), h("span.muted", `${currency} known, funding outputs`)),
    h("div.card.stat", h("span.num", r.cost_objects_without_amount), h("span.muted", "cost objects with no amount (unknown)")),
    h("div.card.stat", h("span.num", r.cost_objects_funding_nothing), h("span.muted", "cost objects funding no output")),
    h("div.card.stat", h("span.num", r.reconciled ? "yes" : "no"), h("span.muted", "reconciled with the cost objects")),
    h("p.small.muted.wide", "Box height: the budget entering the element (a hatched box: unknown, or no cost object). Bands: the links between the levels; their width is not an amount. The largest 14 of each level are drawn."));
}

/** The cost objects funding the outputs drawn (directly, or through an activity): the
 * SHOWN reached by most of them, each with its own amount (one request per cost object,
 * never more than SHOWN), largest first. `reach` maps an output to the cost objects it
 * reaches. */
async function costColumn(outputs, graph) {
  const shownOutputs = outputs.items.map((f) => f.id);
  const types = new Map(graph.elements.nodes.map((n) => [n.data.id, n.data.type]));
  const below = new Map();
  for (const edge of graph.elements.edges) {
    const { source, target } = edge.data;
    if (!below.has(source)) below.set(source, []);
    below.get(source).push(target);
  }
  const reach = new Map();
  const fundedBy = new Map();
  for (const output of shownOutputs) {
    const found = new Set();
    for (const next of below.get(output) || []) {
      if (types.get(next) === "CostObject") found.add(next);
      else if (types.get(next) === "Activity") (below.get(next) || []).filter((c) => types.get(c) === "CostObject").forEach((c) => found.add(c));
    }
    reach.set(output, found);
    for (const cost of found) fundedBy.set(cost, (fundedBy.get(cost) || 0) + 1);
  }
  const chosen = [...fundedBy.keys()].sort((a, b) => fundedBy.get(b) - fundedBy.get(a) || a.localeCompare(b));
  const details = await Promise.all(chosen.slice(0, SHOWN).map((id) => api.get(`/elements/${encodeURIComponent(id)}`)));
  const figures = details.map((d) => {
    const el = d.element || d;
    const known = typeof el.amount === "number";
    return { id: el.id, code: el.code, name: el.name, amount: known ? el.amount : null, amount_status: known ? "known" : "unknown", currency: el.currency };
  });
  figures.sort((a, b) => (b.amount ?? -1) - (a.amount ?? -1) || a.id.localeCompare(b.id));
  return { by: "CostObject", items: figures, total: chosen.length, reach };
}

/** `rollups`: per column, the figures to draw in order (`items`, at most SHOWN) and how
 * many the level holds (`total`). */
function flow(rollups, graph, reach) {
  const columns = rollups.map((r) => {
    const shown = r.items.slice(0, SHOWN);
    return { by: r.by, shown, hidden: Math.max(0, (r.total ?? shown.length) - shown.length) };
  });
  const max = Math.max(1, ...columns.map((c) => c.shown.reduce((s, f) => s + (f.amount || 0), 0)));
  const scale = (HEIGHT - 40 - SHOWN * 6) / max;
  const place = new Map();
  const root = svg("svg", { width: columns.length * COL + 40, height: HEIGHT + 40, role: "img", "aria-label": "Budget flow" });
  let bottom = 0;
  root.append(svg("defs", {}, svg("pattern", { id: "hatch", width: 6, height: 6, patternUnits: "userSpaceOnUse", patternTransform: "rotate(45)" },
    svg("rect", { width: 6, height: 6, fill: "#f1f3f7" }), svg("line", { x1: 0, y1: 0, x2: 0, y2: 6, stroke: "#aab3c2", "stroke-width": 2 }))));
  const bands = svg("g", { class: "bands" });
  root.append(bands);
  columns.forEach((col, i) => {
    const x = 20 + i * COL;
    const column = svg("g", { "data-level": col.by });
    root.append(column);
    column.append(svg("text", { x, y: 16, class: "colhead" }, typeLabel(col.by)));
    let y = 30;
    for (const f of col.shown) {
      const unknown = f.amount === null || f.amount_status === "none";
      const height = Math.max(BOX, unknown ? BOX : f.amount * scale);
      const colour = TYPE_COLOURS[col.by];
      const box = svg("a", { href: elementHref(f.id) },
        svg("rect", { x, y, width: 14, height, rx: 3, fill: unknown ? "url(#hatch)" : colour, stroke: colour, "stroke-width": 1, "stroke-dasharray": unknown ? "3 2" : null }),
        svg("text", { x: x + 20, y: y + 12 }, short(f.code || f.name || f.id)),
        svg("text", { x: x + 20, y: y + 25, fill: unknown ? "#8a93a3" : "#5b6577" }, figureText(f)),
        svg("title", {}, `${f.name || f.id}: ${figureText(f)}`));
      column.append(box);
      place.set(f.id, { x, y, height, colour });
      y += Math.max(height, 30) + 6;
    }
    if (col.hidden) root.append(svg("text", { x, y: y + 12, fill: "#8a93a3", class: "more" }, `+ ${col.hidden} more`));
    bottom = Math.max(bottom, y + 24);
  });
  const links = graph.elements.edges.map((e) => [e.data.source, e.data.target]);
  for (const [output, costs] of reach) for (const cost of costs) links.push([output, cost]);
  const drawn = new Set();
  for (const [source, target] of links) {
    const a = place.get(source);
    const b = place.get(target);
    if (!a || !b || a.x >= b.x || drawn.has(`${source}|${target}`)) continue;
    drawn.add(`${source}|${target}`);
    const x1 = a.x + 14;
    const y1 = a.y + a.height / 2;
    const x2 = b.x;
    const y2 = b.y + b.height / 2;
    const mid = (x1 + x2) / 2;
    bands.append(svg("path", { "data-source": source, "data-target": target, d: `M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}`, fill: "none", stroke: a.colour, "stroke-opacity": 0.28, "stroke-width": Math.max(2, Math.min(a.height, b.height) * 0.6) }));
  }
  root.setAttribute("height", bottom);
  return h("div.flow", { id: "budget-flow", "data-boxes": place.size }, root);
}

function figureText(f) {
  if (f.amount_status === "none") return "no cost object";
  if (f.amount === null) return "unknown";
  return f.currency ? `${money(f.amount, f.amount_status)} ${f.currency}` : money(f.amount, f.amount_status);
}

function short(text) {
  return text.length > 30 ? `${text.slice(0, 28)}…` : text;
}

function money(value, status) {
  const text = value.toLocaleString(undefined, { maximumFractionDigits: 0 });
  return status === "partly-unknown" ? `≥ ${text} (+ unknown)` : text;
}
