// Element page: properties and source, links both ways, and tabs for its trace (graph and
// tree), the impact of removing it, its findings, its history and (for a thematic
// priority) the outputs that serve it.

import { ApiError, api, apiKey, whoami } from "../api.js";
import {
  TYPE_COLOURS, badge, clear, fill, elementHref, elementLink, h, loading, notice, problemNotice, segmented,
} from "../dom.js";
import { askForKey, replaceQuery } from "../nav.js";
import { findingCard } from "./findings.js";
import { outputsTable } from "./outputs.js";
import { drawSuspects } from "./suspects.js";

// How the source supports a link (app/metamodel.py BASIS); absent means stated.
const BASES = ["stated", "inferred", "assumed"];
const BASIS_LABELS = { stated: "stated in the source", inferred: "inferred from it", assumed: "assumed, not in the source" };
const ASSUMED_COLOUR = "#c2410c";

const HIDDEN = new Set(["id", "type", "name", "code", "source", "source_document", "source_section", "name_tokens", "aliases_text", "code_key", "import_id"]);

export async function render(main, [ref], query, current) {
  main.append(loading());
  const { body: detail, etag } = await api.getTagged(`/elements/${encodeURIComponent(ref)}`);
  if (!current()) return;
  const el = detail.element || detail;
  const props = detail.properties || el;
  const editing = h("div", { id: "editing" });
  clear(main);
  document.title = `${el.code || el.name} · RBM Trace`;
  main.append(
    h("div.pagehead",
      h("div",
        h("div", badge(el.type), " ", h("code.muted.small", el.id)),
        h("h1", { id: "element-title", class: `t-${el.type}` }, el.code ? `${el.code} · ${el.name}` : el.name)),
      h("div.toolbar",
        h("button.ghost", { type: "button", id: "edit-button", onclick: () => editForm(editing, el, props, etag) }, "Edit…"),
        el.type === "ThematicPriority"
          ? h("a.button", { href: `#/priorities/${encodeURIComponent(el.id)}/outputs`, id: "outputs-link" }, "What outputs serve it →")
          : null)),
    editing,
    h("div.grid.two", propertiesCard(props), linksCard(detail)),
  );
  const tabs = [["trace", "Trace"], ["impact", "Impact"], ["findings", "Findings"], ["suspects", "Suspect links"], ["history", "History"]];
  if (el.type === "ThematicPriority") tabs.splice(1, 0, ["outputs", "Outputs"]);
  const chosen = tabs.some(([k]) => k === query.get("tab")) ? query.get("tab") : "trace";
  const panel = h("section.card.wide", { id: "tab-panel" });
  const bar = h("div.tabs", { role: "tablist" });
  for (const [key, label] of tabs) {
    bar.append(h("button", {
      type: "button", role: "tab", class: key === chosen ? "active" : undefined, "data-tab": key,
      onclick: (event) => {
        for (const b of bar.children) b.classList.toggle("active", b === event.currentTarget);
        replaceQuery({ tab: key === "trace" ? "" : key });
        showTab(panel, key, el);
      },
    }, label));
  }
  main.append(bar, panel);
  await showTab(panel, chosen, el);
}

// --- editing (PATCH with If-Match: a change made meanwhile by someone else is never
// overwritten; the page says so and offers to reload) -----------------------------------------

const EDIT_MESSAGES = {
  401: "Editing needs an API key with the editor role: enter one with “API key” (top right).",
  403: "This API key may only read: editing needs a key with the editor role (or admin).",
  412: "Someone changed this element after you opened it, so your changes were not saved "
    + "(nothing of theirs was overwritten). Reload to see the current version, then make your change again.",
};

/** The properties the form offers: name, description and every other text, number or
 * yes/no property the element has (lists, the source and internal fields are left out). */
function editableFields(props) {
  const fields = [["name", props.name ?? ""], ["description", props.description ?? ""]];
  for (const [key, value] of Object.entries(props)) {
    if (HIDDEN.has(key) || key === "description" || key === "basis" || key === "quote") continue;
    if (["string", "number", "boolean"].includes(typeof value)) fields.push([key, value]);
  }
  return fields;
}

function editForm(holder, el, props, etag) {
  const fields = editableFields(props);
  const inputs = new Map(fields.map(([key, value]) => [key, key === "description"
    ? h("textarea", { name: key, rows: 3 }, String(value))
    : h("input", { type: "text", name: key, value: String(value), required: key === "name" })]));
  const message = h("div", { id: "edit-message" });
  const form = h("form.card.edit-form", { id: "edit-form" },
    h("h2", `Edit ${el.code || el.name}`),
    h("dl.props", fields.flatMap(([key]) => [h("dt", h("label", key.replaceAll("_", " "))), h("dd", inputs.get(key))])),
    h("p.small.muted", "Only what you change is sent. An empty field removes the property (a name cannot be removed)."),
    h("div.toolbar",
      h("button.primary", { type: "submit" }, "Save"),
      h("button.ghost", { type: "button", onclick: () => clear(holder) }, "Cancel")),
    message);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const changes = {};
    for (const [key, original] of fields) {
      const text = inputs.get(key).value.trim();
      if (text === String(original).trim()) continue;
      if (text === "") changes[key] = null;
      else if (typeof original === "number" && !Number.isNaN(Number(text))) changes[key] = Number(text);
      else if (typeof original === "boolean") changes[key] = text === "true";
      else changes[key] = text;
    }
    if (!Object.keys(changes).length) { fill(message, notice("Nothing changed.")); return; }
    try {
      await api.patch(`/elements/${encodeURIComponent(el.id)}`, changes, etag);
      window.dispatchEvent(new HashChangeEvent("hashchange"));  // draw the page afresh
    } catch (error) {
      const text = error instanceof ApiError ? EDIT_MESSAGES[error.status] : null;
      if (!text) { fill(message, problemNotice(error)); return; }
      fill(message, notice(text, "error"),
        error.status === 412 ? h("button.primary", { type: "button", id: "edit-reload", onclick: () => window.dispatchEvent(new HashChangeEvent("hashchange")) }, "Reload") : null,
        error.status === 401 || (error.status === 403 && apiKey()) ? h("button.ghost", { type: "button", onclick: askForKey }, "Enter API key") : null);
    }
  });
  fill(holder, form);
  inputs.get("name").focus();
}

function propertiesCard(props) {
  const rows = [];
  for (const [key, value] of Object.entries(props)) {
    if (HIDDEN.has(key) || value === null || value === undefined || value === "") continue;
    if (Array.isArray(value) && !value.length) continue;
    rows.push(h("dt", key.replaceAll("_", " ")), h("dd", Array.isArray(value) ? value.join(", ") : String(value)));
  }
  const source = props.source_document || (props.source && props.source.document);
  const section = props.source_section || (props.source && props.source.section);
  return h("section.card",
    h("h2", "Properties"),
    rows.length ? h("dl.props", rows) : h("p.muted", "No further properties."),
    h("h3", "Source"),
    source ? h("p", source, section ? h("span.muted", ` · ${section}`) : null) : h("p.muted", "No source recorded."));
}

function linksCard(detail) {
  const group = (links, direction) => {
    if (!links || !links.length) return h("p.muted.small", direction === "out" ? "No outgoing links." : "No incoming links.");
    return h("table.data", h("tbody", links.map((link) => h("tr",
      h("td", h("span.rel", direction === "out" ? `${link.relationship} →` : `← ${link.relationship}`)),
      h("td", elementLink(link.element)),
      h("td.num.small.muted", link.share !== null && link.share !== undefined ? `share ${link.share}` : "")))));
  };
  return h("section.card", { id: "links" },
    h("h2", "Links"),
    h("h3", "From here"), group(detail.outgoing, "out"),
    h("h3", "To here"), group(detail.incoming, "in"));
}

async function showTab(panel, key, el) {
  fill(panel, loading());
  try {
    if (key === "trace") await traceTab(panel, el);
    else if (key === "impact") await impactTab(panel, el);
    else if (key === "findings") await findingsTab(panel, el);
    else if (key === "history") await historyTab(panel, el);
    else if (key === "suspects") await suspectsTab(panel, el);
    else if (key === "outputs") await outputsTab(panel, el);
  } catch (error) {
    fill(panel, problemNotice(error));
  }
}

// --- suspect links: those this element's changes made suspect (asked only when the tab
// is opened; the API reads them, and their summary, from this element outwards) -------------

async function suspectsTab(panel, el) {
  const upstream = el.id;
  const fetchPage = (cursor) => api.get("/suspects", { upstream, limit: 20, cursor });
  const [me, page] = await Promise.all([whoami(), fetchPage()]);
  const out = h("div", { id: "element-suspects" });
  fill(panel, h("p.small.muted", "Links made suspect by changes to this element. ",
    h("a", { href: `#/suspects?upstream=${encodeURIComponent(upstream)}` }, "Open on the suspect links page →")), out);
  drawSuspects(out, page, me, () => suspectsTab(panel, el), fetchPage);
}

// --- trace ---------------------------------------------------------------------------------

async function traceTab(panel, el) {
  const [up, down] = await Promise.all([
    api.get(`/elements/${encodeURIComponent(el.id)}/trace`, { direction: "up" }),
    api.get(`/elements/${encodeURIComponent(el.id)}/trace`, { direction: "down" }),
  ]);
  clear(panel);
  const body = h("div");
  let mode = "graph";
  const draw = () => {
    clear(body);
    if (mode === "graph") drawGraph(body, el, up, down);
    else body.append(h("div.grid.two",
      h("div", h("h3", "Up to the mission"), treeList(up.tree)),
      h("div", h("h3", "Down to the cost objects"), treeList(down.tree))));
  };
  panel.append(
    h("div.toolbar",
      segmented([["graph", "Graph"], ["tree", "Tree"]], mode, (value) => { mode = value; draw(); }),
      h("span.muted.small", `${up.paths.length} path(s) up, reaching ${up.reached.length} mission(s); ${down.paths.length} path(s) down, reaching ${down.reached.length} cost object(s).`),
      up.truncated || down.truncated ? h("span.unknown", "More paths exist than shown.") : null),
    body);
  draw();
}

function treeList(node) {
  const item = (n) => h("li",
    n.relationship ? h("span.rel", n.relationship) : null,
    n.basis && n.basis !== "stated" ? h("span", { class: `basis-tag basis-${n.basis}`, title: BASIS_LABELS[n.basis] }, n.basis) : null,
    elementLink(n.element),
    n.children && n.children.length ? h("ul", n.children.map(item)) : null);
  return h("ul.tree", item(node));
}

/** Nodes and edges of both traces; edges point down the results chain and carry their
 * basis (stated, inferred or assumed: how the source supports the link). */
export function traceElements(up, down) {
  const nodes = new Map();
  const edges = new Map();
  const add = (trace, upward) => {
    for (const path of trace.paths) {
      path.nodes.forEach((n) => nodes.set(n.id, n));
      path.relationships.forEach((rel, i) => {
        const a = path.nodes[i];
        const b = path.nodes[i + 1];
        const [source, target] = upward ? [b, a] : [a, b];
        const basis = (path.bases && path.bases[i]) || "stated";
        edges.set(`${source.id}|${rel}|${target.id}`, { source: source.id, target: target.id, rel, basis });
      });
    }
    nodes.set(trace.start.id, trace.start);
  };
  add(up, true);
  add(down, false);
  return { nodes: [...nodes.values()], edges: [...edges.values()] };
}

async function drawGraph(body, el, up, down) {
  const { nodes, edges } = traceElements(up, down);
  const box = h("div.graph", { id: "trace-graph", "data-nodes": nodes.length, "data-edges": edges.length });
  const types = [...new Set(nodes.map((n) => n.type))];
  const counts = Object.fromEntries(BASES.map((b) => [b, edges.filter((e) => e.basis === b).length]));
  body.append(box,
    h("div.legend", types.map((t) => badge(t)), h("span", "Click an element to open it; drag to rearrange; scroll to zoom.")),
    h("div.legend", { id: "basis-legend" },
      h("span.muted", "Links:"),
      BASES.map((b) => h("span.basis-key", { "data-basis": b },
        h("span", { class: `basis-line basis-${b}`, "aria-hidden": "true" }),
        `${BASIS_LABELS[b]} (${counts[b]})`))));
  let cytoscape;
  try {
    ({ default: cytoscape } = await import("/assets/vendor/cytoscape/cytoscape.esm.min.mjs"));
  } catch {
    box.replaceWith(notice("The graph library is not installed (run `make web-assets`); the Tree view works without it.", "error"));
    return;
  }
  const cy = cytoscape({
    container: box,
    elements: [
      ...nodes.map((n) => ({ data: { id: n.id, label: n.code || shorten(n.name || n.id), type: n.type, colour: TYPE_COLOURS[n.type] || "#888" }, classes: n.id === el.id ? "start" : "" })),
      ...edges.map((e) => ({ data: { id: `${e.source}|${e.rel}|${e.target}`, source: e.source, target: e.target, label: e.rel, basis: e.basis }, classes: e.basis })),
    ],
    style: [
      { selector: "node", style: { "background-color": "data(colour)", label: "data(label)", color: "#1c2433", "font-size": 11, "text-valign": "bottom", "text-margin-y": 5, "text-wrap": "wrap", "text-max-width": 120, width: 22, height: 22, "border-width": 2, "border-color": "#fff" } },
      { selector: "node.start", style: { width: 32, height: 32, "border-width": 4, "border-color": "#14213d", "font-weight": "bold" } },
      { selector: "edge", style: { width: 1.5, "line-color": "#b8c1d1", "target-arrow-color": "#b8c1d1", "target-arrow-shape": "triangle", "curve-style": "bezier", label: "data(label)", "font-size": 8, color: "#7a8599", "text-rotation": "autorotate", "text-background-color": "#fcfdfe", "text-background-opacity": 1 } },
      // the same marks as the legend (styles.css .basis-line): inferred dotted, assumed dashed and orange
      { selector: "edge.inferred", style: { "line-style": "dotted", width: 2 } },
      { selector: "edge.assumed", style: { "line-style": "dashed", "line-dash-pattern": [6, 4], width: 2, "line-color": ASSUMED_COLOUR, "target-arrow-color": ASSUMED_COLOUR, color: ASSUMED_COLOUR } },
    ],
    // the results chain runs down from the mission: laid out from the elements nothing points to
    layout: { name: "breadthfirst", directed: true, spacingFactor: 1.1, padding: 24, roots: rootsOf(nodes, edges) },
  });
  cy.on("tap", "node", (event) => {
    const id = event.target.id();
    if (id !== el.id) location.hash = elementHref(id);
  });
  for (const b of BASES) box.dataset[`${b}Edges`] = String(cy.edges(`.${b}`).length);
  box.dataset.drawn = String(cy.nodes().length);
}

function rootsOf(nodes, edges) {
  const targets = new Set(edges.map((e) => e.target));
  return nodes.filter((n) => !targets.has(n.id)).map((n) => `[id = ${JSON.stringify(n.id)}]`).join(", ");
}

function shorten(text) {
  return text.length > 40 ? `${text.slice(0, 38)}…` : text;
}

// --- impact, findings, history, outputs -------------------------------------------------------

async function impactTab(panel, el) {
  const impact = await api.get(`/elements/${encodeURIComponent(el.id)}/impact`);
  const list = (items, empty) => items.length ? h("ul.candidates", items.map((i) => h("li", elementLink(i.element || i, { showType: true }),
    i.alternative ? h("div.small.muted", "keeps a route: ", i.alternative.map((a) => a.code || a.name).join(" → ")) : null))) : h("p.muted", empty);
  fill(panel, 
    h("p", `If ${el.code || el.name} were removed:`),
    h("div.grid.two",
      h("div", h("h3", "Would lose every path to the mission"), list(impact.loses_support, "Nothing.")),
      h("div", h("h3", "Would lose every path to a cost object"), list(impact.loses_funding, "Nothing.")),
      h("div", h("h3", "Keep support through another route"), list(impact.keeps_support, "None.")),
      h("div", h("h3", "Keep funding through another route"), list(impact.keeps_funding, "None."))),
    h("h3", "Single points of failure on its chains"),
    h("div.grid.two",
      h("div", h("p.small.muted", "Towards the mission"), list(impact.single_points_of_failure.support, "None.")),
      h("div", h("p.small.muted", "Towards the budget"), list(impact.single_points_of_failure.funding, "None."))),
    impact.truncated ? h("p.unknown", "More elements are affected than listed.") : null);
}

async function findingsTab(panel, el) {
  const report = await api.get("/gaps", { element: el.id });
  const mine = report.items;
  fill(panel, 
    mine.length ? h("div", mine.map((f) => findingCard(f, () => showTab(panel, "findings", el)))) : h("p.muted", "No finding involves this element."),
    h("p", h("a", { href: "#/findings" }, "All findings →")));
}

async function historyTab(panel, el) {
  const history = await api.get(`/elements/${encodeURIComponent(el.id)}/history`);
  const events = history.items;
  fill(panel, events.length
    ? h("table.data", { id: "history" },
      h("thead", h("tr", h("th", "When"), h("th", "What"), h("th", "Who"), h("th", "Changed"))),
      h("tbody", events.map((e) => h("tr",
        h("td.small", (e.at || "").replace("T", " ").slice(0, 19)),
        h("td", e.action, e.link_key ? h("div.small.muted", e.link_key) : null),
        h("td", e.who, e.via ? h("span.muted.small", ` via ${e.via}`) : null),
        h("td.small", changedFields(e))))))
    : h("p.muted", "No change recorded."));
}

function changedFields(event) {
  if (!event.before || !event.after) return event.action === "create" ? "created" : "";
  const keys = new Set([...Object.keys(event.before), ...Object.keys(event.after)]);
  return [...keys].filter((k) => JSON.stringify(event.before[k]) !== JSON.stringify(event.after[k])).join(", ");
}

async function outputsTab(panel, el) {
  fill(panel, await outputsTable(el.id));
}

