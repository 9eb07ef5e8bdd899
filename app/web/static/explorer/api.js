// The API client: the key from sessionStorage, problem-details errors, JSON or CSV.

const KEY_STORAGE = "rbmtrace.apiKey";

export function apiKey() {
  return sessionStorage.getItem(KEY_STORAGE) || "";
}

export function setApiKey(value) {
  if (value) sessionStorage.setItem(KEY_STORAGE, value);
  else sessionStorage.removeItem(KEY_STORAGE);
}

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem ? `${problem.title}: ${problem.detail}` : `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

function url(path, params) {
  const u = new URL(`/api/v1${path}`, location.origin);
  for (const [key, value] of Object.entries(params || {})) {
    if (value === undefined || value === null || value === "") continue;
    u.searchParams.set(key, value);
  }
  return u;
}

async function request(method, path, { params, body, accept = "application/json", ifMatch, tagged = false } = {}) {
  const headers = { Accept: accept };
  const key = apiKey();
  if (key) headers["X-API-Key"] = key;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (ifMatch) headers["If-Match"] = ifMatch;
  const response = await fetch(url(path, params), {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body),
    // a read whose ETag a write will send back must be the stored state, not a cached one
    cache: tagged ? "no-store" : "default",
  });
  if (!response.ok) {
    let problem = null;
    try { problem = await response.json(); } catch { /* not JSON */ }
    throw new ApiError(response.status, problem);
  }
  if (response.status === 204) return null;
  if (tagged) return { body: await response.json(), etag: response.headers.get("ETag") };
  return accept === "application/json" ? response.json() : response.text();
}

export const api = {
  get: (path, params) => request("GET", path, { params }),
  csv: (path, params) => request("GET", path, { params, accept: "text/csv" }),
  /** GET a text rendering (markdown, HTML) of a report. */
  text: (path, params, accept) => request("GET", path, { params, accept }),
  post: (path, body) => request("POST", path, { body }),
  del: (path) => request("DELETE", path),
  /** GET with the answer's ETag: `{ body, etag }`. */
  getTagged: (path) => request("GET", path, { tagged: true }),
  /** PATCH only if the item is still as `etag` says (412 otherwise): `{ body, etag }`. */
  patch: (path, body, etag) => request("PATCH", path, { body, ifMatch: etag, tagged: true }),
};

/** The key in use (GET /whoami, never from a cache: the key may have just changed):
 * `{ name, role, may_write, is_admin }`; a key the service refuses counts as none. */
export async function whoami() {
  try {
    return (await request("GET", "/whoami", { tagged: true })).body;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return { name: "anonymous", role: null, may_write: false, is_admin: false, refused: true };
    throw error;
  }
}

/** Save text as a file (the CSV downloads). */
export function download(filename, text, type = "text/csv") {
  const link = document.createElement("a");
  link.href = URL.createObjectURL(new Blob([text], { type }));
  link.download = filename;
  document.body.append(link);
  link.click();
  setTimeout(() => { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
}
