// Where the explorer is: the hash route and its query (stable URLs).

/** `#/path?x=1` -> { path, query } */
export function currentRoute() {
  const raw = location.hash.replace(/^#/, "") || "/";
  const [path, queryString] = raw.split("?");
  return { path, query: new URLSearchParams(queryString || "") };
}

/** Change the hash query without a new history entry (filters, tabs). */
export function replaceQuery(query) {
  const { path } = currentRoute();
  const text = new URLSearchParams(Object.entries(query).filter(([, v]) => v)).toString();
  history.replaceState(null, "", `#${path}${text ? `?${text}` : ""}`);
}

export function askForKey() {
  document.getElementById("key-button").click();
}
