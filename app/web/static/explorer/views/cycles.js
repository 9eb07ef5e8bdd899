// Cycles: the crosswalk between two planning cycles (a plan and the plan it SUCCEEDS). For
// each element of the earlier plan, what it became and how (continues, renames, merges,
// splits), or dropped with what it served and what funded it; then the later plan's new
// elements. A page of entries at a time.

import { api } from "../api.js";
import { amount, elementLink, fill, h, loading, notice, problemNotice } from "../dom.js";
import { showPages } from "../paging.js";

const PAGE = 200;
/** Plans are few; the picker reads at most this many (the /graph endpoint's maximum). */
const MAX_PLANS = 5000;
const FATES = ["continues", "renames", "merges", "splits", "dropped", "new"];

export async function render(main, _args, query, current) {
  main.append(h("div.pagehead", h("div", h("h1", "Planning cycles"),
    h("p.muted", "What each element of the earlier plan became in the later one, what is new, and what was dropped."))));
  // the plans and the SUCCEEDS links among them
  const plans = await api.get("/graph", { types: "Plan", depth: 0, limit: MAX_PLANS });
  if (!current()) return;
  const byId = new Map(plans.elements.nodes.map((n) => [n.data.id, n.data]));
  const pairs = plans.elements.edges.filter((e) => e.data.label === "SUCCEEDS" && byId.has(e.data.source) && byId.has(e.data.target))
    .map((e) => ({ later: e.data.source, earlier: e.data.target }));
  const out = h("div", { id: "cycles" });
  if (!pairs.length && !(query.get("from") && query.get("to"))) {
    main.append(notice("No plan SUCCEEDS another yet: link the later plan to the earlier one with a SUCCEEDS link (in the import bundle), then compare them here."));
    return;
  }
  const from = query.get("from") || pairs[0].earlier;
  const to = query.get("to") || pairs[0].later;
  const label = (id) => { const p = byId.get(id); return p ? `${p.code ? `${p.code} · ` : ""}${p.name || id}` : id; };
  const laters = [...new Set(pairs.map((p) => p.later))];
  const earliers = (later) => pairs.filter((p) => p.later === later).map((p) => p.earlier);
  const go = (earlier, later) => { location.hash = `#/cycles?${new URLSearchParams({ from: earlier, to: later })}`; };
  const options = (ids, chosen) => [...ids, ...(ids.includes(chosen) ? [] : [chosen])].map((id) => h("option", { value: id, selected: id === chosen }, label(id)));
  const toSelect = h("select", { id: "cycle-to", "aria-label": "Later plan", onchange: () => go(earliers(toSelect.value)[0], toSelect.value) }, options(laters, to));
  const fromSelect = h("select", { id: "cycle-from", "aria-label": "Earlier plan", onchange: () => go(fromSelect.value, toSelect.value) }, options(earliers(to), from));
  main.append(h("div.toolbar", h("label.small.muted", "Earlier plan ", fromSelect), "→", h("label.small.muted", "later plan ", toSelect)), out);
  fill(out, loading("Following the crosswalk…"));
  try {
    const first = await api.get("/diff/cycles", { from, to, limit: PAGE });
    if (!current()) return;
    drawCrosswalk(out, first, (cursor) => api.get("/diff/cycles", { from, to, limit: PAGE, cursor }));
  } catch (error) {
    if (current()) fill(out, problemNotice(error));
  }
}

function drawCrosswalk(out, cycle, fetchNext) {
  const body = h("tbody");
  const more = h("div.more");
  fill(out,
    h("section.card", { id: "cycle-counts" },
      h("h2", "From ", elementLink(cycle.earlier), " to ", elementLink(cycle.later)),
      h("div.stats", FATES.map((fate) => h("div.stat", { dataset: { fate } },
        h("span.num", (cycle.counts[fate] || 0).toLocaleString()), h("span.muted", fate)))),
      cycle.notes.map((n) => h("p.small.muted", n))),
    h("section.card.wide", h("h2", "Crosswalk"),
      h("p.small.muted", "The earlier plan's elements by id, then the later plan's new ones."),
      h("table.data", { id: "crosswalk" },
        h("thead", h("tr", h("th", "Element"), h("th", "Fate"), h("th", "Became"), h("th", "Served"), h("th", "Funded by"))),
        body),
      more));
  showPages(more, cycle, fetchNext, (items) => body.append(...items.map(entryRow)));
}

function entryRow(entry) {
  return h("tr", { dataset: { element: entry.element.id, fate: entry.fate } },
    h("td", elementLink(entry.element, { showType: true })),
    h("td", h("span.badge.fate", { dataset: { fate: entry.fate } }, entry.fate), entry.notes.map((n) => h("div.small.muted", n))),
    h("td", entry.successors.length
      ? entry.successors.map((s) => h("div", { dataset: { successor: s.id } }, elementLink(s), " ", h("span.rel", s.kind)))
      : h("span.muted", entry.fate === "new" ? "new in this plan" : "—")),
    h("td", entry.served.map((s) => h("div", h("span.rel", s.via), " ", elementLink(s)))),
    h("td", entry.funded_by.map((f) => h("div", { dataset: { funding: f.id } },
      elementLink({ ...f, type: "CostObject" }), " ", amount(f.amount, f.currency, f.amount === null ? "unknown" : undefined),
      f.share !== null && f.share !== undefined && f.share !== 1 ? h("span.small.muted", ` × ${f.share}`) : null))));
}
