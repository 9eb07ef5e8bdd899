// "What outputs serve TP#2": a priority's outputs, the outcomes they serve it through, and
// their funding (unknown shown as unknown). Paged by the API's cursor.

import { api, download } from "../api.js";
import { amount, clear, fill, elementLink, h, loading, problemNotice } from "../dom.js";

const PAGE = 50;

export async function render(main, [ref], _query, current) {
  main.append(loading());
  const table = await outputsTable(ref, { heading: true });
  if (!current()) return;
  fill(main, table);
}

/** The outputs of a priority as a card with a table, "Load more" and a CSV download. */
export async function outputsTable(ref, { heading = false } = {}) {
  const first = await api.get(`/priorities/${encodeURIComponent(ref)}/outputs`, { limit: PAGE });
  const p = first.priority;
  const body = h("tbody");
  const more = h("div.more");
  const card = h("section.card", { id: "outputs" },
    h("div.toolbar",
      h("h2", `Outputs serving ${p.code || p.name}`),
      h("button.ghost", { type: "button", onclick: () => downloadCsv(ref, p) }, "Download CSV")),
    h("table.data", { id: "outputs-table" },
      h("thead", h("tr", h("th", "Output"), h("th", "Through outcome(s)"), h("th", "Cost objects"), h("th.num", "Funded"))),
      body),
    more);
  const append = (page) => {
    for (const row of page.items) {
      body.append(h("tr", { "data-output": row.output.id },
        h("td", elementLink(row.output), row.sector ? h("div.small.muted", row.sector) : null),
        h("td", row.through.map((t) => h("div", elementLink(t.outcome), t.delivered_through ? h("div.small.muted", "via ", elementLink(t.delivered_through)) : null))),
        h("td", row.cost_objects.length ? row.cost_objects.map((c) => h("div", elementLink(c), h("span.small.muted", ` ${Math.round(c.weight * 100)}% · `), amount(c.funded_amount, c.currency))) : h("span.unknown", "none")),
        h("td.num", row.amount_status === "none" ? h("span.unknown", "no cost object") : amount(row.funded_amount, row.currency, row.amount_status))));
    }
    clear(more);
    if (!body.children.length) more.append(h("p.muted", "No output serves this priority."));
    const cursor = page.next_cursor;
    if (cursor) {
      more.append(h("button.ghost", {
        type: "button",
        onclick: async () => {
          fill(more, loading());
          try { append(await api.get(`/priorities/${encodeURIComponent(ref)}/outputs`, { limit: PAGE, cursor })); }
          catch (error) { fill(more, problemNotice(error)); }
        },
      }, "Load more"));
    }
  };
  append(first);
  if (!heading) return card;
  return h("div",
    h("div.pagehead", h("div", h("h1", "What outputs serve ", elementLink(p)), h("p.muted", "Each output with the outcome(s) it serves the priority through and the cost objects that fund it."))),
    card);
}

async function downloadCsv(ref, priority) {
  const text = await api.csv(`/priorities/${encodeURIComponent(ref)}/outputs`, { limit: 1000 });
  download(`outputs-${priority.code || priority.id}.csv`.replace(/[^\w.-]+/g, "-"), text);
}
