"""The web explorer served at `/`, and the offline API docs at `/docs` and `/redoc`.

`static/` holds the explorer's own HTML, ES modules and CSS; the third-party libraries it
and the docs use (Cytoscape.js, Swagger UI, ReDoc) are installed by `npm ci` from the
pinned `package-lock.json` into `node_modules/` and served under `/assets/vendor/`.
"""
