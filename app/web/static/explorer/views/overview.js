// Overview: what is loaded, open findings by severity and check, budget by goal.

import { api } from "../api.js";
import { amount, badge, clear, fill, elementLink, h, loading, problemNotice } from "../dom.js";

export async function render(main) {
  main.append(
    h("div.pagehead", h("div", h("h1", "Overview"), h("p.muted", "What is loaded, where the gaps are, and where the budget goes."))),
  );
  const top = h("div.grid.two");
  const loaded = h("section.card", { id: "loaded" }, h("h2", "Loaded"), loading());
  const gaps = h("section.card", { id: "open-findings" }, h("h2", "Open findings"), loading("Running the gap checks…"));
  const money = h("section.card", { id: "budget-by-goal" }, h("h2", "Budget by goal"), loading());
  const plans = h("section.card", { id: "plans" }, h("h2", "Plans"), loading());
  top.append(loaded, gaps, money, plans);
  main.append(top);
  await Promise.all([fillLoaded(loaded, plans), fillGaps(gaps), fillBudget(money)]);
}

async function fillLoaded(card, plansCard) {
  try {
    const data = await api.get("/overview");
    const max = Math.max(1, ...data.types.map((t) => t.elements));
    fill(card, 
      h("h2", "Loaded"),
      h("div.stats",
        h("div.stat", h("span.num", { id: "element-count" }, data.elements.toLocaleString()), h("span.muted", "elements")),
        h("div.stat", h("span.num", data.links.toLocaleString()), h("span.muted", "relationships")),
        h("div.stat", h("span.num", data.types.length), h("span.muted", "element types"))),
      h("h3", "Elements per type"),
      h("div.bars", data.types.map((t) => barRow(
        h("a", { href: `#/search?type=${t.type}` }, badge(t.type)), t.elements / max, t.elements.toLocaleString(), t.type,
      ))),
    );
    fill(plansCard, 
      h("h2", "Plans"),
      data.plans.length
        ? h("ul.candidates", data.plans.map((p) => h("li", elementLink(p), sourceOf(p) ? h("div.small.muted", sourceOf(p)) : null)))
        : h("p.muted", "No plan is loaded."),
      data.more_plans ? h("a", { href: "#/search?type=Plan" }, "All plans…") : null,
    );
  } catch (error) {
    fill(card, h("h2", "Loaded"), problemNotice(error));
  }
}

async function fillGaps(card) {
  try {
    // the summary is what this card shows; the findings page asks for the same first page,
    // so the two share one gap run in the service's read cache (never all the findings)
    const report = await api.get("/gaps", { limit: 100 });
    const s = report.summary;
    const bySeverity = ["error", "warning", "info"].map((sev) =>
      h("a.stat", { href: `#/findings?severity=${sev}` },
        h("span.num", { class: `sevnum-${sev}` }, s.open_by_severity[sev] || 0),
        h("span", h("span.sev", { class: `sev-${sev}` }, sev))));
    const checks = s.by_check.filter((c) => c.open > 0).sort((a, b) => b.open - a.open).slice(0, 8);
    const max = Math.max(1, ...checks.map((c) => c.open));
    fill(card, 
      h("h2", "Open findings"),
      h("div.stats", h("div.stat", h("span.num", { id: "open-count" }, s.open), h("span.muted", `open · ${s.waived} waived`)), bySeverity),
      h("h3", "Most frequent checks"),
      checks.length
        ? h("div.bars", checks.map((c) => barRow(h("a", { href: `#/findings?check=${c.check}`, title: c.check }, c.title), c.open / max, c.open, null, c.severity)))
        : h("p.muted", "No open findings."),
    );
  } catch (error) {
    fill(card, h("h2", "Open findings"), problemNotice(error));
  }
}

async function fillBudget(card) {
  try {
    const rollup = await api.get("/budget", { by: "Goal", limit: 50 });
    const known = rollup.items.filter((f) => f.amount !== null);
    const max = Math.max(1, ...known.map((f) => f.amount));
    fill(card, 
      h("h2", "Budget by goal"),
      h("p.small.muted", `${rollup.cost_objects_funded} cost objects fund outputs; ${rollup.cost_objects_without_amount} have no amount (unknown).`),
      rollup.items.length
        ? h("div.bars", rollup.items.map((f) => barRow(elementLink(f), f.amount === null ? 0 : f.amount / max, amount(f.amount, rollup.currencies[0], f.amount_status), "Goal")))
        : h("p.muted", "No goal is loaded."),
      h("p", h("a", { href: "#/budget" }, "Budget flow →")),
    );
  } catch (error) {
    fill(card, h("h2", "Budget by goal"), problemNotice(error));
  }
}

function barRow(label, fraction, value, type, severity) {
  const fill = h("span");
  fill.style.width = `${Math.max(fraction > 0 ? 2 : 0, Math.round(fraction * 100))}%`;
  if (severity) fill.style.background = `var(--${severity})`;
  return h("div.bar-row", { class: type ? `t-${type}` : undefined }, h("div", label), h("div.bar", fill), h("div.num.small", value));
}


function sourceOf(element) {
  return (element.source && element.source.document) || element.source_document || "";
}
