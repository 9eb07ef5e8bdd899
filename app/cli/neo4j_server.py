"""`rbmtrace neo4j start|stop|status|fetch`: the locally managed Neo4j server."""

from __future__ import annotations

import json

import typer

from app.cli.context import console, echo
from app.core.config import get_settings
from app.local_neo4j.server import LocalNeo4j

cli = typer.Typer(help="Manage the local Neo4j Community server (used when NEO4J_URI is unset).")


def _server() -> LocalNeo4j:
    return LocalNeo4j.from_settings(get_settings())


@cli.command()
def fetch() -> None:
    """Fetch the Neo4j jars from Maven Central (once; later runs do nothing)."""
    server = _server()
    server.ensure_jars(echo=echo)
    console.print(f"Neo4j {server.version} jars in {server.lib_dir}")


@cli.command()
def start() -> None:
    """Start the local server (fetching its jars first if needed) and wait until it answers."""
    server = _server()
    if not server.start(echo=echo):
        console.print(f"Neo4j is already running (pid {server.pid()}).")
    console.print(f"Bolt:    {server.bolt_uri}", soft_wrap=True)
    console.print(f"Browser: {server.browser_connect_url}", soft_wrap=True)
    console.print(f"         user neo4j, password {server.password}", highlight=False)
    console.print(f"Logs:    {server.log_dir}", soft_wrap=True)


@cli.command()
def stop() -> None:
    """Stop the local server."""
    server = _server()
    console.print("Stopped." if server.stop() else "Neo4j was not running.")


@cli.command()
def status(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Whether the local server runs, where it listens and where its logs are."""
    info = _server().status()
    if as_json:
        console.print_json(json.dumps(info))
        return
    for key, value in info.items():
        console.print(f"{key:13} {value}", highlight=False)
    if not info["running"]:
        raise typer.Exit(1)


def register(parent: typer.Typer) -> None:
    parent.add_typer(cli, name="neo4j")
