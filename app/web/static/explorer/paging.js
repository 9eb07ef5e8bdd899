// A list envelope (items, next_cursor, total) shown a page at a time: the items of each page
// are added where the view wants them, and a button asks for the next page while there is
// one. Nothing loads the whole list of a large plan at once.

import { apiKey } from "./api.js";
import { fill, h, problemNotice } from "./dom.js";

/**
 * @param more      the element that holds the "Show more" button (or the error)
 * @param page      the envelope just fetched
 * @param fetchNext (cursor) => Promise of the next envelope
 * @param addItems  (items) => void: draws one page's items
 */
export function showPages(more, page, fetchNext, addItems, shown = 0) {
  addItems(page.items);
  const count = shown + page.items.length;
  if (!page.next_cursor) return fill(more);
  const left = Number.isFinite(page.total) ? page.total - count : null;
  const button = h("button.ghost", { type: "button", class: "show-more" }, left === null ? "Show more" : `Show more (${left.toLocaleString()} left)`);
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      const next = await fetchNext(page.next_cursor);
      showPages(more, next, fetchNext, addItems, count);
    } catch (error) {
      fill(more, problemNotice(error));
    }
  });
  return fill(more, h("span.small.muted", `${count.toLocaleString()}${left === null ? "" : ` of ${page.total.toLocaleString()}`} shown `), button);
}

/** The actions the key in use allows are offered; otherwise this says which key is needed. */
export function keyHint(me, needed, askForKey) {
  const why = me.refused && apiKey() ? "The API key in use is not valid. " : "";
  return h("p.small.muted.key-hint", why, needed, " ",
    h("button.ghost.small", { type: "button", onclick: askForKey }, me.role ? "Use another API key" : "Enter API key"));
}

/** `2026-11-30T20:00:00+00:00` -> `2026-11-30 20:00 UTC` */
export function when(iso) {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}
