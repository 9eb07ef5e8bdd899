// Small DOM helpers shared by the views. Text always goes in as text nodes, never as HTML.

export const TYPE_COLOURS = {
  Vision: "#7c3aed", Mission: "#6d28d9", Goal: "#2563eb", Target: "#0284c7",
  ThematicPriority: "#0891b2", Outcome: "#059669", Output: "#d97706", CostObject: "#dc2626",
  Indicator: "#db2777", Enabler: "#4f46e5", Risk: "#ea580c", Mandate: "#475569",
  Plan: "#0f766e", Term: "#64748b",
};

export const TYPE_LABELS = {
  ThematicPriority: "Thematic priority", CostObject: "Cost object",
};

export function typeLabel(type) {
  return TYPE_LABELS[type] || type;
}

/** h("div.card", {onclick}, child, "text", [children]) */
export function h(tag, attrs, ...children) {
  const [name, ...classes] = tag.split(".");
  const el = document.createElement(name);
  if (classes.length) el.className = classes.join(" ");
  const isAttrs = attrs !== null && typeof attrs === "object" && !(attrs instanceof Node) && !Array.isArray(attrs);
  if (!isAttrs && attrs !== null && attrs !== undefined) {
    children.unshift(attrs);
    attrs = null;
  }
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else if (key === "class") el.className += (el.className ? " " : "") + value;
    else if (key === "dataset") Object.assign(el.dataset, value);
    else el.setAttribute(key, value === true ? "" : value);
  }
  append(el, children);
  return el;
}

export function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null) continue;
    if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

/** Replace the children of `el` (null and false children are skipped). */
export function fill(el, ...children) {
  clear(el);
  append(el, children);
  return el;
}

export function badge(type) {
  return h("span.badge", { class: `t-${type}` }, h("span.dot"), typeLabel(type));
}

export function elementHref(id) {
  return `#/elements/${encodeURIComponent(id)}`;
}

/** A link to an element page: coloured dot, code (if any) and name. */
export function elementLink(ref, { showType = false } = {}) {
  if (!ref) return h("span.muted", "—");
  const label = [];
  if (ref.code) label.push(h("span.code", ref.code));
  label.push(ref.name || ref.id);
  return h(
    "span.elink",
    { class: `t-${ref.type}` },
    h("span.dot", { title: typeLabel(ref.type) }),
    h("a", { href: elementHref(ref.id), "data-element": ref.id }, label.flatMap((part, i) => (i ? [" ", part] : [part]))),
    showType ? badge(ref.type) : null,
  );
}

const money = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });

export function amount(value, currency, status) {
  if (value === null || value === undefined || status === "unknown") {
    return h("span.unknown", "unknown");
  }
  const text = `${money.format(value)}${currency ? ` ${currency}` : ""}`;
  if (status === "partly-unknown") return h("span", text, " ", h("span.unknown", "+ unknown"));
  return h("span", text);
}

export function loading(text = "Loading…") {
  return h("div.loading", text);
}

export function notice(text, kind = "") {
  return h("div.notice", { class: kind || undefined, role: kind === "error" ? "alert" : undefined }, text);
}

export function problemNotice(error) {
  const body = error && error.problem;
  if (!body) return notice(String(error && error.message ? error.message : error), "error");
  return notice(`${body.title}: ${body.detail}${body.hint ? ` ${body.hint}` : ""}`, "error");
}

/** Clicking the button swaps the "active" class among its siblings. */
export function segmented(options, current, onChange) {
  const wrap = h("div.seg", { role: "group" });
  for (const [value, label] of options) {
    const button = h("button", { type: "button", class: value === current ? "active" : undefined, "data-value": value }, label);
    button.addEventListener("click", () => {
      for (const other of wrap.children) other.classList.toggle("active", other === button);
      onChange(value);
    });
    wrap.append(button);
  }
  return wrap;
}
