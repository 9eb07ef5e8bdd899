// Trace matrix between two element types as a heat map (darker = fewer links between the
// row and the column element); rows paged by the API's cursor; CSV download.

import { api, download } from "../api.js";
import { TYPE_COLOURS, clear, fill, elementHref, h, loading, notice, problemNotice, svg, typeLabel } from "../dom.js";
import { replaceQuery } from "../nav.js";

const CHAIN = ["Mission", "Goal", "ThematicPriority", "Outcome", "Output", "CostObject"];
const PAGE = 40;
const CELL = 26;

export async function render(main, _args, query) {
  const state = { rows: query.get("rows") || "ThematicPriority", cols: query.get("cols") || "Output", cursor: query.get("cursor") || "" };
  const pick = (id, value) => h("select", { id, "aria-label": id }, CHAIN.map((t) => h("option", { value: t, selected: t === value }, typeLabel(t))));
  const rowsSelect = pick("matrix-rows", state.rows);
  const colsSelect = pick("matrix-cols", state.cols);
  const out = h("div", { id: "matrix" });
  const csv = h("button.ghost", { type: "button", id: "matrix-csv" }, "Download CSV");
  main.append(
    h("div.pagehead", h("div", h("h1", "Trace matrix"), h("p.muted", "Which elements of one type reach which of another, and in how many links."))),
    h("div.toolbar", h("label", "Rows ", rowsSelect), h("label", "Columns ", colsSelect), csv),
    out);
  const load = async () => {
    replaceQuery({ rows: state.rows, cols: state.cols, cursor: state.cursor });
    fill(out, loading());
    try {
      const matrix = await api.get("/matrix", { rows: state.rows, cols: state.cols, limit: PAGE, cursor: state.cursor || undefined });
      fill(out, heatMap(matrix), pager(matrix));
    } catch (error) {
      fill(out, problemNotice(error));
    }
  };
  const pager = (matrix) => h("div.toolbar.more",
    state.cursor ? h("button.ghost", { type: "button", onclick: () => { state.cursor = ""; load(); } }, "First page") : null,
    matrix.next_cursor ? h("button.ghost", { type: "button", onclick: () => { state.cursor = matrix.next_cursor; load(); } }, "Next rows") : null,
    h("span.small.muted", `${matrix.items.length} row(s) on this page, ${matrix.columns.length} column(s) reached; direction ${matrix.direction}.`));
  for (const select of [rowsSelect, colsSelect]) {
    select.addEventListener("change", () => { state.rows = rowsSelect.value; state.cols = colsSelect.value; state.cursor = ""; load(); });
  }
  csv.addEventListener("click", async () => {
    try {
      const text = await api.csv("/matrix", { rows: state.rows, cols: state.cols, limit: 2000 });
      download(`matrix-${state.rows}-${state.cols}.csv`, text);
    } catch (error) { out.prepend(problemNotice(error)); }
  });
  await load();
}

function heatMap(matrix) {
  if (!matrix.items.length) return notice(`No ${typeLabel(matrix.rows_type)} is loaded.`);
  const label = (e) => { const t = e.code || e.name || e.id; return t.length > 28 ? `${t.slice(0, 26)}…` : t; };
  const left = 230;
  const top = 180;
  const width = left + matrix.columns.length * CELL + 20;
  const height = top + matrix.items.length * CELL + 10;
  const colIndex = new Map(matrix.columns.map((c, i) => [c.id, i]));
  const maxLength = Math.max(1, ...matrix.items.flatMap((r) => r.cells.map((c) => c.path_length)));
  const colour = TYPE_COLOURS[matrix.cols_type] || "#2563eb";
  const root = svg("svg", { width, height, role: "img", "aria-label": `Trace matrix ${matrix.rows_type} by ${matrix.cols_type}`, "data-rows": matrix.items.length, "data-cols": matrix.columns.length });
  root.append(svg("text", { x: 8, y: 18, class: "legend" }, "Each cell: the fewest links from the row to the column element."));
  [1, 2, 3].forEach((n, k) => {
    const strength = 1 - (n - 1) / (maxLength + 1);
    root.append(svg("rect", { x: 8 + k * 62, y: 28, width: 14, height: 14, rx: 3, fill: colour, "fill-opacity": (0.25 + 0.75 * strength).toFixed(2) }));
    root.append(svg("text", { x: 26 + k * 62, y: 39 }, `${n} link${n > 1 ? "s" : ""}`));
  });
  matrix.columns.forEach((c, i) => {
    const x = left + i * CELL + CELL / 2;
    const a = svg("a", { href: elementHref(c.id) }, svg("text", { x, y: top - 8, transform: `rotate(-55 ${x} ${top - 8})` }, svg("title", {}, c.name || c.id), label(c)));
    root.append(a);
  });
  matrix.items.forEach((r, j) => {
    const y = top + j * CELL;
    root.append(svg("a", { href: elementHref(r.row.id) }, svg("text", { x: left - 8, y: y + CELL / 2 + 4, "text-anchor": "end" }, svg("title", {}, r.row.name || r.row.id), label(r.row))));
    root.append(svg("rect", { x: left, y, width: matrix.columns.length * CELL, height: CELL, fill: j % 2 ? "#fafbfd" : "#ffffff" }));
    for (const cell of r.cells) {
      const i = colIndex.get(cell.id);
      if (i === undefined) continue;
      const strength = 1 - (cell.path_length - 1) / (maxLength + 1);
      root.append(svg("rect", {
        x: left + i * CELL + 1, y: y + 1, width: CELL - 2, height: CELL - 2, rx: 3,
        fill: colour, "fill-opacity": (0.25 + 0.75 * strength).toFixed(2), class: "cell",
      }, svg("title", {}, `${label(r.row)} → ${label(cell)}: ${cell.path_length} link(s)`)));
    }
  });
  return h("div.heat", root);
}
