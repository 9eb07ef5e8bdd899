// Versions: the baselines (named, immutable snapshots of the whole plan graph), newest
// first, each with a link to what changed since; take one (editor key) and delete one
// (admin key, after a confirmation).

import { api, whoami } from "../api.js";
import { fill, h, loading, notice, problemNotice } from "../dom.js";
import { askForKey } from "../nav.js";
import { keyHint, showPages, when } from "../paging.js";

export async function render(main, _args, _query, current) {
  main.append(h("div.pagehead", h("div", h("h1", "Versions"),
    h("p.muted", "Baselines are named snapshots of the whole plan graph (elements, links, properties and the findings of the moment). Compare any two on the diff page."))));
  const actions = h("section.card", { id: "baseline-actions" });
  const listCard = h("section.card.wide", { id: "baselines" }, h("h2", "Baselines"), loading());
  main.append(h("div.grid", actions, listCard));
  const load = async () => {
    try {
      const [me, page] = await Promise.all([whoami(), api.get("/baselines")]);
      if (!current()) return;
      drawActions(actions, me, load);
      drawList(listCard, page, me, load);
    } catch (error) {
      if (current()) fill(listCard, h("h2", "Baselines"), problemNotice(error));
    }
  };
  window.addEventListener("rbmtrace:key", () => { if (current()) load(); });
  await load();
}

function drawActions(card, me, reload) {
  if (!me.may_write) {
    fill(card, h("h2", "Take a baseline"), keyHint(me, "Taking a baseline needs an API key with the editor role.", askForKey));
    return;
  }
  const name = h("input", {
    type: "text", name: "name", required: true, maxlength: 100, pattern: "[A-Za-z0-9._\\-]+",
    placeholder: "e.g. council-2026-11", "aria-label": "Baseline name", title: "Letters, digits, . _ and -",
  });
  const note = h("input", { type: "text", name: "note", placeholder: "Why (e.g. as sent to the council)", "aria-label": "Note" });
  const message = h("div", { id: "baseline-message" });
  const form = h("form.waive-form", { id: "baseline-form" }, name, note, h("button.primary", { type: "submit" }, "Take baseline"), message);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    fill(message, loading("Taking the snapshot…"));
    try {
      const made = await api.post("/baselines", { name: name.value.trim(), note: note.value.trim() || null });
      fill(message, notice(`Baseline “${made.name}” taken: ${made.elements.toLocaleString()} elements, ${made.links.toLocaleString()} links.`));
      name.value = "";
      note.value = "";
      reload();
    } catch (error) {
      fill(message, problemNotice(error));
    } finally {
      button.disabled = false;
    }
  });
  fill(card, h("h2", "Take a baseline"), h("p.small.muted", `As ${me.name} (${me.role}). A baseline never changes afterwards.`), form);
}

function drawList(card, page, me, reload) {
  const body = h("tbody");
  const more = h("div.more");
  fill(card, h("h2", "Baselines"),
    page.items.length === 0
      ? h("p.muted", { id: "no-baselines" }, "No baseline yet.")
      : h("table.data", { id: "baselines-table" },
        h("thead", h("tr", h("th", "Name"), h("th", "Note"), h("th", "Taken by"), h("th", "When"),
          h("th.num", "Elements"), h("th.num", "Links"), h("th.num", "Open findings"), h("th", ""))),
        body),
    more);
  const fetchNext = (cursor) => api.get("/baselines", { cursor });
  showPages(more, page, fetchNext, (items) => body.append(...items.map((b) => baselineRow(b, me, reload))));
}

function baselineRow(baseline, me, reload) {
  const actions = h("td",
    h("a.button", { href: `#/diff?from=${encodeURIComponent(baseline.name)}&to=current`, class: "diff-link" }, "Changes since →"));
  if (me.is_admin) {
    actions.append(" ", h("button.ghost", {
      type: "button", class: "delete-baseline",
      onclick: async () => {
        if (!window.confirm(`Delete the baseline “${baseline.name}” and its snapshot? This cannot be undone.`)) return;
        try {
          await api.del(`/baselines/${encodeURIComponent(baseline.name)}`);
          reload();
        } catch (error) {
          actions.append(problemNotice(error));
        }
      },
    }, "Delete…"));
  }
  return h("tr", { dataset: { baseline: baseline.name } },
    h("td", h("strong", baseline.name)),
    h("td", baseline.note || h("span.muted", "—")),
    h("td", baseline.created_by),
    h("td.small", when(baseline.created_at)),
    h("td.num", baseline.elements.toLocaleString()),
    h("td.num", baseline.links.toLocaleString()),
    h("td.num", baseline.open_findings === null || baseline.open_findings === undefined ? h("span.unknown", "not run") : baseline.open_findings.toLocaleString()),
    actions);
}
