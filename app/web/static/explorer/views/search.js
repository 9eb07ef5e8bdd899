// Search: a reference resolved as the API resolves it (id, code, alias, name); a unique
// match opens its page, an ambiguous one lists the candidates; below, matching elements,
// paged (never everything at once).

import { api } from "../api.js";
import { badge, clear, fill, elementHref, elementLink, h, loading, notice, problemNotice, typeLabel } from "../dom.js";

const PAGE = 25;

export async function render(main, _args, query, current) {
  const q = query.get("q") || "";
  const type = query.get("type") || "";
  document.getElementById("search-input").value = q;
  const title = q ? `Search: ${q}` : type ? `${typeLabel(type)} elements` : "Elements";
  main.append(h("div.pagehead", h("div", h("h1", title), type ? badge(type) : null)));
  const resolution = h("div", { id: "resolution" });
  main.append(resolution);
  if (q && !type) {
    try {
      const found = await api.get(`/elements/${encodeURIComponent(q)}`);
      if (!current()) return;
      const el = found.element || found;
      location.replace(elementHref(el.id));
      return;
    } catch (error) {
      if (error.status === 409 && error.problem) {
        resolution.append(
          notice(`“${q}” names several elements. Pick one:`),
          h("ul.candidates", { id: "candidates" }, (error.problem.candidates || []).map((c) => h("li", elementLink(c, { showType: true })))),
        );
      } else if (error.status === 404 && error.problem) {
        const nearest = error.problem.nearest || [];
        resolution.append(notice(`No element has the reference “${q}”.${nearest.length ? " Nearest names:" : ""}`));
        if (nearest.length) resolution.append(h("ul.candidates", nearest.map((c) => h("li", c.id ? elementLink(c, { showType: true }) : String(c.name || c)))));
      } else {
        resolution.append(problemNotice(error));
      }
    }
  }
  const card = h("section.card", h("h2", q ? "Matching elements" : "All, in id order"));
  const table = h("table.data", { id: "results" }, h("thead", h("tr", h("th", "Element"), h("th", "Type"), h("th", "Id"))));
  const body = h("tbody");
  table.append(body);
  const more = h("div.more");
  card.append(table, more);
  main.append(card);
  await loadPage(body, more, { q, type }, null);
}

async function loadPage(body, more, filters, cursor) {
  fill(more, loading());
  try {
    const page = await api.get("/elements", { ...filters, limit: PAGE, cursor });
    for (const item of page.items) {
      body.append(h("tr", h("td", elementLink(item)), h("td", badge(item.type)), h("td.small.muted", h("code", item.id))));
    }
    clear(more);
    if (!page.items.length && !cursor) more.append(h("p.muted", "Nothing matches."));
    if (page.next_cursor) {
      more.append(h("button.ghost", { type: "button", onclick: () => loadPage(body, more, filters, page.next_cursor) }, "Load more"));
    }
  } catch (error) {
    fill(more, problemNotice(error));
  }
}
