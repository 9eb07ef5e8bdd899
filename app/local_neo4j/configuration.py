"""The local server's configuration: `neo4j.conf`, written on every start, and its password.

What an analyst meets in Neo4j Browser is decided here:
- the advertised Bolt and HTTP addresses follow the configured ports, so Browser's login
  form offers this server's Bolt URL, not whatever listens on 7687;
- no usage reports to Neo4j and no product analytics from Browser (`client.allow_telemetry`);
  and no outgoing connections from Browser: on Community it ignores
  `browser.allow_outgoing_connections` (an Enterprise setting the server refuses), so the
  content security policy of Browser's page lets it connect only to this server's Bolt port,
  to HTTP on this machine (guides) and to the API;
- after connecting, Browser applies the RBM Trace style and opens the RBM Trace guide,
  both served by the API (`app/api/routes/browser_guide.py`); the API's host is the only
  one Browser may fetch remote content from.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from app.core.errors import LocalServerError

ADMIN_TOOL = "org.neo4j.cli.AdminTool"

#: Where the API serves Browser's guide and style (see app/api/routes/browser_guide.py).
GUIDE_PATH = "/browser-guide/rbmtrace.html"
STYLE_PATH = "/browser-guide/rbmtrace.grass"


@dataclass(frozen=True)
class ServerConfiguration:
    """What goes into the local server's neo4j.conf."""

    instance_dir: Path
    bolt_port: int
    http_port: int
    pagecache: str
    #: Where the RBM Trace API listens, e.g. "http://127.0.0.1:8000" (Browser's guide).
    api_url: str
    #: Further neo4j.conf settings (tests use it to set small memory limits).
    extra: Mapping[str, str] = field(default_factory=dict)

    @property
    def conf_dir(self) -> Path:
        return self.instance_dir / "conf"

    @property
    def log_dir(self) -> Path:
        return self.instance_dir / "logs"

    @property
    def guide_url(self) -> str:
        return self.api_url + GUIDE_PATH

    @property
    def style_url(self) -> str:
        return self.api_url + STYLE_PATH

    def settings(self) -> dict[str, str]:
        home = self.instance_dir
        api_host = urlsplit(self.api_url).hostname or "127.0.0.1"
        settings = {
            "server.default_listen_address": "127.0.0.1",
            "server.default_advertised_address": "127.0.0.1",
            "server.bolt.listen_address": f"127.0.0.1:{self.bolt_port}",
            "server.bolt.advertised_address": f"127.0.0.1:{self.bolt_port}",
            "server.http.listen_address": f"127.0.0.1:{self.http_port}",
            "server.http.advertised_address": f"127.0.0.1:{self.http_port}",
            "server.https.enabled": "false",
            "server.memory.pagecache.size": self.pagecache,
            "server.directories.data": str(home / "data"),
            "server.directories.logs": str(self.log_dir),
            "server.directories.run": str(home / "run"),
            "server.directories.import": str(home / "import"),
            "dbms.security.auth_enabled": "true",
            "dbms.usage_report.enabled": "false",
            "client.allow_telemetry": "false",
            # Browser on Community ignores browser.allow_outgoing_connections (an Enterprise
            # setting): its page may reach only this server's Bolt port and the API
            "dbms.security.http_static_content_security_policy_header": (
                "default-src 'self'; script-src 'self'; img-src 'self' data:; "
                "style-src 'self' 'unsafe-inline'; font-src 'self' data:; base-uri 'none'; "
                "object-src 'none'; frame-ancestors 'none'; "
                f"connect-src 'self' ws://127.0.0.1:{self.bolt_port} http://127.0.0.1:* "
                f"{self.api_url}"
            ),
            "browser.remote_content_hostname_whitelist": api_host,
            # Browser runs each `;`-separated command with a `:` in front
            "browser.post_connect_cmd": f"style {self.style_url};guide {self.guide_url}",
            "db.tx_log.rotation.retention_policy": "2 files",
        }
        settings.update(self.extra)
        return settings

    def write(self) -> Path:
        """Write neo4j.conf (every start: edit RBMTRACE_* settings, not the file)."""
        self.conf_dir.mkdir(parents=True, exist_ok=True)
        text = "# Written by rbmtrace on every start; edit RBMTRACE_* settings instead.\n"
        text += "".join(f"{key}={value}\n" for key, value in self.settings().items())
        path = self.conf_dir / "neo4j.conf"
        path.write_text(text)
        return path


def set_initial_password(
    config: ServerConfiguration, java: str, lib_dir: Path, password: str
) -> None:
    """Give a new instance its password (an instance with a user store keeps its own)."""
    if (config.instance_dir / "data" / "dbms" / "auth.ini").exists():
        return
    env = {
        **os.environ,
        "NEO4J_HOME": str(config.instance_dir),
        "NEO4J_CONF": str(config.conf_dir),
    }
    result = subprocess.run(
        [java, "-cp", f"{lib_dir}/*", ADMIN_TOOL, "dbms", "set-initial-password", password],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise LocalServerError(
            "Could not set the initial Neo4j password: "
            + (result.stderr or result.stdout).strip()[-500:]
        )
