// Starts ReDoc on /openapi.json (no inline script: the page's CSP allows 'self' only).
window.Redoc.init(
  "/openapi.json",
  { hideDownloadButton: false, expandResponses: "200,201", theme: { typography: { fontFamily: "system-ui, sans-serif", headings: { fontFamily: "system-ui, sans-serif" } } } },
  document.getElementById("redoc"),
);
