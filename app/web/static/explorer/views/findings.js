// Findings: filtered by check, severity and plan (stable URL); each links to its elements;
// waive one with a reason and an expiry when the API key allows it.

import { api, apiKey } from "../api.js";
import { clear, fill, elementLink, h, loading, notice, problemNotice } from "../dom.js";
import { askForKey, replaceQuery } from "../nav.js";

const SHOWN = 100;

export async function render(main, _args, query, current) {
  const filters = { check: query.get("check") || "", severity: query.get("severity") || "", plan: query.get("plan") || "", status: query.get("status") || "" };
  main.append(h("div.pagehead", h("div", h("h1", "Findings"), h("p.muted", "Gaps the checks find in the loaded plans. Waived findings stay listed as waived."))));
  const checks = (await api.get("/gaps/checks")).items;
  const checkSelect = h("select", { id: "filter-check", "aria-label": "Check" }, h("option", { value: "" }, "All checks"),
    checks.map((c) => h("option", { value: c.id, selected: c.id === filters.check }, `${c.title} (${c.severity})`)));
  const severitySelect = h("select", { id: "filter-severity", "aria-label": "Severity" }, ["", "error", "warning", "info"].map((s) => h("option", { value: s, selected: s === filters.severity }, s || "All severities")));
  const statusSelect = h("select", { id: "filter-status", "aria-label": "Status" }, [["", "Open and waived"], ["open", "Open only"], ["waived", "Waived only"]].map(([v, l]) => h("option", { value: v, selected: v === filters.status }, l)));
  const planInput = h("input", { type: "text", id: "filter-plan", placeholder: "Plan (id, code or name)", value: filters.plan });
  const list = h("div", { id: "findings" });
  const apply = () => {
    Object.assign(filters, { check: checkSelect.value, severity: severitySelect.value, status: statusSelect.value, plan: planInput.value.trim() });
    replaceQuery(filters);
    load();
  };
  for (const control of [checkSelect, severitySelect, statusSelect]) control.addEventListener("change", apply);
  planInput.addEventListener("change", apply);
  main.append(h("div.toolbar", checkSelect, severitySelect, statusSelect, planInput), list);
  const load = async () => {
    fill(list, loading("Running the gap checks…"));
    try {
      const asked = { check: filters.check, severity: filters.severity, plan: filters.plan, status: filters.status };
      const report = await api.get("/gaps", { ...asked, limit: SHOWN });
      if (!current()) return;
      fill(list, h("p.muted", { id: "findings-summary" }, `${report.summary.open} open, ${report.summary.waived} waived; ${report.total} shown by these filters.`));
      renderPage(list, report, asked, load);
    } catch (error) {
      fill(list, problemNotice(error));
    }
  };
  window.addEventListener("rbmtrace:key", () => { if (current()) load(); });
  await load();
}

/** One page of findings (the API pages them: never all of them at once), and a button for
 * the next page while there is one. */
function renderPage(list, page, asked, reload, shown = 0) {
  for (const finding of page.items) list.append(findingCard(finding, reload));
  const left = page.total - shown - page.items.length;
  if (page.next_cursor) {
    const button = h("button.ghost.more", { type: "button" }, `Show ${Math.min(SHOWN, left)} more of ${left}`);
    button.addEventListener("click", async () => {
      button.disabled = true;
      try {
        const next = await api.get("/gaps", { ...asked, limit: SHOWN, cursor: page.next_cursor });
        button.remove();
        renderPage(list, next, asked, reload, shown + page.items.length);
      } catch (error) {
        button.replaceWith(problemNotice(error));
      }
    });
    list.append(button);
  }
}

/** One finding: severity, title, message, its elements, and the waive/withdraw actions. */
export function findingCard(finding, onChange) {
  const actions = h("div");
  const card = h("article.finding", { class: `${finding.severity} ${finding.status}`, "data-key": finding.key },
    h("div.meta",
      h("span.sev", { class: `sev-${finding.severity}` }, finding.severity),
      h("strong", finding.title),
      finding.status === "waived" ? h("span.badge", "waived") : null,
      h("code.small.muted", finding.check)),
    h("div", finding.message),
    finding.elements.length ? h("div.els", finding.elements.map((e) => elementLink(e, { showType: true }))) : null,
    finding.waiver ? h("div.small.muted", `Waived by ${finding.waiver.who}: “${finding.waiver.reason}”${finding.waiver.expires ? `, until ${finding.waiver.expires}` : ""} (${finding.waiver.state}).`) : null,
    actions);
  if (finding.status === "open") {
    actions.append(h("button.ghost.small", { type: "button", class: "waive-open", onclick: () => waiveForm(actions, finding, onChange) }, "Waive…"));
  } else if (finding.waiver) {
    actions.append(h("button.ghost.small", {
      type: "button",
      onclick: async () => {
        if (!apiKey()) { askForKey(); return; }
        try { await api.del(`/gaps/waivers/${encodeURIComponent(finding.key)}`); onChange(); } catch (error) { actions.append(problemNotice(error)); }
      },
    }, "Withdraw waiver"));
  }
  return card;
}

function waiveForm(actions, finding, onChange) {
  if (!apiKey()) {
    fill(actions, notice("Waiving needs an API key with the editor role."), h("button.primary", { type: "button", onclick: askForKey }, "Enter API key"));
    return;
  }
  const reason = h("input", { type: "text", name: "reason", placeholder: "Why is this finding accepted?", required: true });
  const expires = h("input", { type: "date", name: "expires", "aria-label": "Expires on" });
  const message = h("div");
  const form = h("form.waive-form", reason, h("label.small.muted", "until ", expires), h("button.primary", { type: "submit" }, "Waive"), h("button.ghost", { type: "button", onclick: () => clear(actions) }, "Cancel"), message);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      await api.post("/gaps/waivers", { key: finding.key, reason: reason.value.trim(), expires: expires.value || null });
      onChange();
    } catch (error) {
      fill(message, problemNotice(error));
    }
  });
  fill(actions, form);
  reason.focus();
}
