# RBM Trace service image. Untested on the development machines (no Docker engine there);
# kept small and standard. Build: docker build -t rbmtrace .   Run: see docker-compose.yml.

# --- build stage: a virtual environment with the dependencies -----------------------------
FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /src
COPY pyproject.toml README.md ./
COPY app ./app
# Install the package with its dependencies, then drop the package itself: the runtime
# stage runs the source tree (app/, cypher/, seed/ side by side) from /srv/rbmtrace.
RUN pip install . && pip uninstall -y rbmtrace

# --- web stage: the explorer's and the API docs' browser libraries ------------------------
# The same pinned packages as `make web-assets`: npm ci from package-lock.json, no scripts.
FROM node:22-bookworm-slim AS web
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --ignore-scripts --loglevel=error

# --- runtime stage ----------------------------------------------------------------------
FROM python:3.11-slim
RUN groupadd --system rbmtrace && useradd --system --gid rbmtrace --home /srv/rbmtrace rbmtrace
COPY --from=build /opt/venv /opt/venv
WORKDIR /srv/rbmtrace
COPY --chown=rbmtrace:rbmtrace app ./app
COPY --chown=rbmtrace:rbmtrace cypher ./cypher
COPY --chown=rbmtrace:rbmtrace seed ./seed
# Only the distribution folders the service serves under /assets/vendor/ (app/web/routes.py
# VENDOR_FOLDERS), where it looks for them (RBMTRACE_WEB_VENDOR_DIR, default ./node_modules).
COPY --from=web --chown=rbmtrace:rbmtrace /src/node_modules/cytoscape/dist ./node_modules/cytoscape/dist
COPY --from=web --chown=rbmtrace:rbmtrace /src/node_modules/swagger-ui-dist ./node_modules/swagger-ui-dist
COPY --from=web --chown=rbmtrace:rbmtrace /src/node_modules/redoc/bundles ./node_modules/redoc/bundles
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONPATH=/srv/rbmtrace \
    PYTHONUNBUFFERED=1 \
    RBMTRACE_HOST=0.0.0.0 \
    RBMTRACE_PORT=8000
USER rbmtrace
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
  CMD python -c "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=4).status == 200 else 1)"
# NEO4J_URI must be set (docker-compose.yml does): the image never manages a Neo4j itself.
CMD ["python", "-m", "app.cli", "serve"]
