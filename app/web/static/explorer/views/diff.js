// Diff: what changed between two versions of the plan (a baseline or "current" on each
// side), and what the change does: findings that appear or are resolved, the budget per goal
// and per priority before and after, what lost its path to the mission. The changes come a
// page at a time; the committee form (markdown, HTML) is a download.

import { api, download } from "../api.js";
import { amount, elementHref, elementLink, fill, h, loading, notice, problemNotice } from "../dom.js";
import { showPages } from "../paging.js";

const PAGE = 100;
/** The committee form holds this many changes at most (the API's maximum page). */
const COMMITTEE_CHANGES = 10000;

export async function render(main, _args, query, current) {
  main.append(h("div.pagehead", h("div", h("h1", "Diff"),
    h("p.muted", "What changed between two versions of the plan, and what the change does."))));
  const baselines = (await api.get("/baselines")).items;
  if (!current()) return;
  const names = baselines.map((b) => b.name);
  const from = query.get("from") || names[0] || "";
  const to = query.get("to") || "current";
  const pick = (id, label, value) => h("label.small.muted", `${label} `,
    h("select", {
      id, "aria-label": label,
      onchange: () => { location.hash = `#/diff?${new URLSearchParams({ from: fromSelect.value, to: toSelect.value })}`; },
    }, [...names, "current"].map((n) => h("option", { value: n, selected: n === value }, n === "current" ? "current (the graph now)" : n)),
    // a name typed into the URL that is not (or no longer) a baseline is still asked for: the
    // API's answer says what is wrong
    [...names, "current"].includes(value) ? null : h("option", { value, selected: true }, value)));
  const fromSelect = pick("diff-from", "From", from).querySelector("select");
  const toSelect = pick("diff-to", "To", to).querySelector("select");
  const out = h("div", { id: "diff" });
  main.append(h("div.toolbar", fromSelect.parentElement, "→", toSelect.parentElement,
    h("span.small.muted", { id: "committee" }, "Committee form: ",
      downloadButton("Markdown", "markdown", from, to), " ", downloadButton("HTML", "html", from, to))), out);
  if (!from) {
    fill(out, notice("No baseline yet: take one on the Versions page, change the plan, then compare."),
      h("a.button", { href: "#/versions" }, "Versions →"));
    return;
  }
  fill(out, loading("Comparing the two versions…"));
  try {
    const first = await api.get("/diff", { from, to, limit: PAGE });
    if (!current()) return;
    drawDiff(out, first, (cursor) => api.get("/diff", { from, to, limit: PAGE, cursor }));
  } catch (error) {
    if (current()) fill(out, problemNotice(error));
  }
}

function downloadButton(label, format, from, to) {
  const button = h("button.ghost.small", { type: "button", "data-format": format }, label);
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      const accept = format === "html" ? "text/html" : "text/markdown";
      const text = await api.text("/diff", { from, to, format, limit: COMMITTEE_CHANGES }, accept);
      download(`diff-${from}-${to}.${format === "html" ? "html" : "md"}`, text, `${accept};charset=utf-8`);
    } catch (error) {
      button.after(problemNotice(error));
    } finally {
      button.disabled = false;
    }
  });
  return button;
}

const SUMMARY = [
  ["elements_added", "elements added"], ["elements_removed", "elements removed"],
  ["elements_changed", "elements changed"], ["elements_moved", "elements moved"],
  ["links_added", "links added"], ["links_removed", "links removed"], ["links_changed", "links changed"],
];

function drawDiff(out, diff, fetchNext) {
  const s = diff.summary;
  const elements = h("tbody");
  const links = h("tbody");
  const more = h("div.more");
  const e = diff.effects;
  fill(out,
    h("section.card", { id: "diff-summary" }, h("h2", `${diff.from} → ${diff.to}`),
      h("div.stats", SUMMARY.map(([key, label]) => h("div.stat", { dataset: { count: key } },
        h("span.num", (s[key] || 0).toLocaleString()), h("span.muted", label))))),
    h("div.grid.two",
      findingsCard(e.findings),
      h("section.card", { id: "diff-lost-path" }, h("h2", "Lost their path to the mission"),
        e.lost_path_to_mission.length
          ? h("ul.candidates", e.lost_path_to_mission.map((r) => h("li", elementLink(r, { showType: true }))))
          : h("p.muted", "No indicator or mandate lost its path to the mission."))),
    h("section.card.wide", { id: "diff-budget" }, h("h2", "Budget"),
      h("p.small.muted", "Total funded: ", amount(e.budget_total_before), " → ", amount(e.budget_total_after)),
      h("div.grid.two",
        budgetTable("diff-budget-goal", "Per goal", e.budget_by_goal),
        budgetTable("diff-budget-priority", "Per thematic priority", e.budget_by_priority))),
    h("section.card.wide", { id: "diff-element-changes" }, h("h2", "Element changes"),
      h("table.data", { id: "diff-elements" }, h("thead", h("tr", h("th", "Change"), h("th", "Element"), h("th", "Type"), h("th", "Old → new"))), elements)),
    h("section.card.wide", { id: "diff-link-changes" }, h("h2", "Link changes"),
      h("p.small.muted", "The changes come in order: elements first, then links."),
      h("table.data", { id: "diff-links" }, h("thead", h("tr", h("th", "Change"), h("th", "Link"), h("th", "Old → new"))), links),
      more));
  showPages(more, diff, fetchNext, (items) => {
    for (const change of items) (change.kind === "link" ? links : elements).append(changeRow(change));
  });
}

function changeBadge(change) {
  return h("span.badge.change", { dataset: { change: change.change } }, change.change);
}

function changeRow(change) {
  if (change.kind === "link") {
    const [, from, type, to] = /^(.*) -([A-Z_]+)-> (.*)$/.exec(change.key) || [null, null, change.type, null];
    const end = (id) => (id ? h("a", { href: elementHref(id) }, id) : null);
    return h("tr", { dataset: { key: change.key, change: change.change } },
      h("td", changeBadge(change)),
      h("td", from ? [end(from), " ", h("span.rel", type), " ", end(to)] : change.key),
      h("td", fieldList(change.fields)));
  }
  const ref = { id: change.key, type: change.type, name: change.name };
  return h("tr", { dataset: { key: change.key, change: change.change } },
    h("td", changeBadge(change)),
    h("td", change.change === "removed" ? h("span", change.name || change.key, " ", h("code.small.muted", change.key)) : elementLink(ref)),
    h("td.small", change.type),
    h("td", change.change === "moved"
      ? h("div.field", h("span.muted", "parents: "), valueOf(change.old_parents), " → ", valueOf(change.new_parents))
      : fieldList(change.fields)));
}

function fieldList(fields) {
  if (!fields || !fields.length) return h("span.muted", "—");
  return fields.map((f) => h("div.field", { dataset: { field: f.field } },
    h("code.small", f.field), " ", h("del", valueOf(f.old)), " → ", h("ins", valueOf(f.new))));
}

function valueOf(value) {
  if (value === null || value === undefined) return h("span.unknown", "absent");
  if (Array.isArray(value)) return value.length ? value.join(", ") : h("span.unknown", "none");
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

/** Findings the change makes appear, and those it resolves (the API lists them whole:
 * this card shows the first ones of each and says how many more there are). */
const FINDINGS_SHOWN = 50;

function findingsCard(effect) {
  const card = h("section.card", { id: "diff-findings" }, h("h2", "Findings"));
  if (!effect.available) {
    card.append(h("p.muted", "Not compared: one side has no findings (a bundle file, or a version whose checks did not fit in the server's transaction memory)."));
    return card;
  }
  for (const [key, label, list] of [["appeared", "Appear", effect.appeared], ["resolved", "Resolved", effect.resolved]]) {
    card.append(h("div", h("h3", `${label} (${list.length})`),
      list.length
        ? h("ul.candidates", { dataset: { findings: key } }, list.slice(0, FINDINGS_SHOWN).map((f) => h("li", { dataset: { key: f.key } },
          h("span.sev", { class: `sev-${f.severity}` }, f.severity), " ", h("strong", f.title), h("div.small", f.message),
          f.elements.length ? h("div.els", f.elements.map((el) => elementLink(el))) : null)))
        : h("p.muted.small", "None."),
      list.length > FINDINGS_SHOWN ? h("p.small.muted", `and ${list.length - FINDINGS_SHOWN} more: the committee form lists them all.`) : null));
  }
  return card;
}

/** Before, after and the difference; the rows that did not change fold away. */
function budgetTable(id, title, rows) {
  const changed = rows.filter((r) => r.before !== r.after || r.status_before !== r.status_after);
  const body = h("tbody");
  const draw = (list) => fill(body, list.map((r) => h("tr", { dataset: { element: r.id } },
    h("td", elementLink(r)),
    h("td.num", r.status_before === null && r.before === null ? h("span.muted", "absent") : amount(r.before, null, r.status_before)),
    h("td.num", r.status_after === null && r.after === null ? h("span.muted", "absent") : amount(r.after, null, r.status_after)),
    h("td.num", difference(r.difference)))));
  draw(changed);
  const unchanged = rows.length - changed.length;
  const toggle = unchanged
    ? h("button.ghost.small", { type: "button", onclick: (event) => { draw(rows); event.currentTarget.remove(); } }, `Show the ${unchanged} unchanged`)
    : null;
  return h("div", { id },
    h("h3", title),
    h("table.data", h("thead", h("tr", h("th", "Element"), h("th.num", "Before"), h("th.num", "After"), h("th.num", "Difference"))), body),
    changed.length ? null : h("p.small.muted", "No change."),
    toggle);
}

function difference(value) {
  if (value === null || value === undefined) return h("span.unknown", "unknown");
  const text = amount(Math.abs(value));
  return h("span", { class: value > 0 ? "up" : value < 0 ? "down" : undefined }, value > 0 ? "+" : value < 0 ? "−" : "", text);
}
