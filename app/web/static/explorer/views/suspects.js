// Suspect links: links whose upstream element changed since they were made or last cleared
// (what changed, old and new, who and when, and what hangs below), a page at a time; a
// person who checked one clears it with a reason (editor key), kept in the history.

import { api, whoami } from "../api.js";
import { amount, elementLink, fill, h, loading, notice, problemNotice } from "../dom.js";
import { askForKey } from "../nav.js";
import { keyHint, showPages, when } from "../paging.js";

const PAGE = 50;

export async function render(main, _args, query, current) {
  const upstream = query.get("upstream") || "";
  main.append(h("div.pagehead", h("div", h("h1", "Suspect links"),
    h("p.muted", "A link is suspect when the fields of its upstream element that give it meaning changed since the link was made or last cleared. Check it, then clear it with a reason."),
    upstream ? h("p.small", "Only the links made suspect by ", h("code", upstream), ". ", h("a", { href: "#/suspects" }, "All suspect links")) : null)));
  const out = h("div", { id: "suspects" }, loading("Comparing the links' fingerprints…"));
  main.append(out);
  const load = async () => {
    try {
      const [me, page] = await Promise.all([whoami(), api.get("/suspects", { upstream, limit: PAGE })]);
      if (!current()) return;
      drawSuspects(out, page, me, load, (cursor) => api.get("/suspects", { upstream, limit: PAGE, cursor }));
    } catch (error) {
      if (current()) fill(out, problemNotice(error));
    }
  };
  window.addEventListener("rbmtrace:key", () => { if (current()) load(); });
  await load();
}

/** The summary, the cards of the first page and the button for the next ones; also used by
 * the element page's "Suspect links" tab. The summary counts the links listed: with
 * `upstream`, only those whose upstream end is that element (the API reads them from it). */
export function drawSuspects(out, page, me, reload, fetchNext) {
  const s = page.summary;
  const list = h("div", { id: "suspect-list" });
  const more = h("div.more");
  const links = (n) => (n === 1 ? "link" : "links");
  fill(out,
    h("p.muted", { id: "suspect-summary" },
      `${s.suspect.toLocaleString()} suspect of ${s.watched.toLocaleString()} watched ${links(s.watched)}`,
      page.upstream ? ` whose upstream end is ${page.upstream}` : "",
      s.unstamped ? `; ${s.unstamped.toLocaleString()} ${links(s.unstamped)} carry no fingerprint yet (made before fingerprints existed: clearing one stamps it)` : "",
      "."),
    me.may_write ? null : keyHint(me, "Clearing a suspect link needs an API key with the editor role.", askForKey),
    page.items.length === 0 ? notice("No suspect link: every watched link still matches its upstream element.") : null,
    list, more);
  showPages(more, page, fetchNext, (items) => list.append(...items.map((link) => suspectCard(link, me, reload))));
}

function suspectCard(link, me, reload) {
  const actions = h("div");
  const impact = link.impact;
  const upstreamIsFrom = link.upstream === link.from.id;
  const by = link.changed_by;
  const card = h("article.finding.warning.suspect", { dataset: { link: link.link } },
    h("div.meta",
      elementLink(link.from, { showType: true }), h("span.rel", link.type), elementLink(link.to, { showType: true }),
      h("code.small.muted", link.link)),
    h("div.small.muted", `${upstreamIsFrom ? "Its upper end" : "Its lower end"} changed`,
      by ? `: by ${by.who} (${by.via}), ${when(by.at)}.` : " (no change history records who: e.g. an edit in Neo4j Browser)."),
    h("table.data.changes",
      h("thead", h("tr", h("th", "Field"), h("th", "When linked or cleared"), h("th", "Now"))),
      h("tbody", link.changes.map((c) => h("tr", { dataset: { field: c.field } },
        h("td", h("code", c.field)),
        h("td", h("del", c.old ?? h("span.unknown", "absent"))),
        h("td", h("ins", c.new ?? h("span.unknown", "absent"))))))),
    h("div.small.impact",
      h("strong", "Downstream: "), elementLink(impact.downstream, { showType: true }),
      impact.share !== null && impact.share !== undefined ? ` · share ${impact.share}` : "",
      impact.budget ? [" · budget ", amount(impact.budget.amount, null, impact.budget.amount_status)] : null,
      impact.indicators.length ? [" · indicators below: ", impact.indicators.map((i, n) => [n ? ", " : "", elementLink(i)])] : " · no indicator below"),
    actions);
  if (me.may_write) {
    actions.append(h("button.ghost.small", { type: "button", class: "clear-open", onclick: () => clearForm(actions, link, reload) }, "Clear…"));
  }
  return card;
}

function clearForm(actions, link, reload) {
  const why = h("input", { type: "text", name: "why", placeholder: "Why does the link still hold?", required: true, "aria-label": "Why the link still holds" });
  const message = h("div");
  const form = h("form.waive-form", why, h("button.primary", { type: "submit" }, "Clear"),
    h("button.ghost", { type: "button", onclick: () => fill(actions, h("button.ghost.small", { type: "button", class: "clear-open", onclick: () => clearForm(actions, link, reload) }, "Clear…")) }, "Cancel"),
    message);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      await api.post("/suspects/clear", { link: link.link, why: why.value.trim() });
      reload();
    } catch (error) {
      fill(message, problemNotice(error));
    }
  });
  fill(actions, form);
  why.focus();
}
