// The explorer's shell: hash routes (stable URLs to paste in an email), the search box,
// the API key dialog. Each view module exports `render(main, params)`.

import { apiKey, setApiKey } from "./api.js";
import { clear, problemNotice } from "./dom.js";
import { currentRoute } from "./nav.js";
import * as budget from "./views/budget.js";
import * as cycles from "./views/cycles.js";
import * as diff from "./views/diff.js";
import * as element from "./views/element.js";
import * as findings from "./views/findings.js";
import * as matrix from "./views/matrix.js";
import * as outputs from "./views/outputs.js";
import * as overview from "./views/overview.js";
import * as performance from "./views/performance.js";
import * as search from "./views/search.js";
import * as suspects from "./views/suspects.js";
import * as versions from "./views/versions.js";

const ROUTES = [
  [/^\/$/, overview, "overview"],
  [/^\/search$/, search, null],
  [/^\/elements\/([^/]+)$/, element, null],
  [/^\/priorities\/([^/]+)\/outputs$/, outputs, null],
  [/^\/findings$/, findings, "findings"],
  [/^\/matrix$/, matrix, "matrix"],
  [/^\/budget$/, budget, "budget"],
  [/^\/performance$/, performance, "performance"],
  [/^\/versions$/, versions, "versions"],
  [/^\/diff$/, diff, "versions"],
  [/^\/cycles$/, cycles, "cycles"],
  [/^\/suspects$/, suspects, "suspects"],
];

let renderCount = 0;

async function route() {
  const main = document.getElementById("view");
  const { path, query } = currentRoute();
  const mine = ++renderCount;
  for (const [pattern, view, nav] of ROUTES) {
    const match = path.match(pattern);
    if (!match) continue;
    for (const link of document.querySelectorAll("[data-nav]")) {
      link.classList.toggle("active", link.dataset.nav === nav);
    }
    clear(main);
    const args = match.slice(1).map(decodeURIComponent);
    try {
      await view.render(main, args, query, () => mine === renderCount);
    } catch (error) {
      if (mine === renderCount) main.append(problemNotice(error));
    }
    document.body.dataset.ready = "true";
    return;
  }
  location.hash = "#/";
}

function setUpSearch() {
  const form = document.getElementById("search-form");
  const input = document.getElementById("search-input");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const q = input.value.trim();
    if (q) location.hash = `#/search?q=${encodeURIComponent(q)}`;
  });
}

function setUpKey() {
  const button = document.getElementById("key-button");
  const dialog = document.getElementById("key-dialog");
  const input = document.getElementById("key-input");
  const show = () => {
    button.classList.toggle("has-key", Boolean(apiKey()));
    button.textContent = apiKey() ? "Key set" : "API key";
  };
  button.addEventListener("click", () => { input.value = apiKey(); dialog.showModal(); });
  dialog.addEventListener("close", () => {
    if (dialog.returnValue === "save") setApiKey(input.value.trim());
    if (dialog.returnValue === "clear") setApiKey("");
    show();
    window.dispatchEvent(new Event("rbmtrace:key"));
  });
  show();
}

setUpSearch();
setUpKey();
window.addEventListener("hashchange", route);
route();
