"""`rbmtrace suspects` and `rbmtrace clear`: suspect links in the terminal.

`suspects` lists the links whose upstream element changed since they were made or last
cleared (what changed, old and new, who and when, and what hangs below); `clear` records
that a person checked them (who and why go into the history), one link, every link one
element made suspect (`--from`), or the first stamp of links stored before suspect links
existed (`--unstamped`).
"""

from __future__ import annotations

import getpass
import json

import typer
from rich.table import Table

from app.cli.context import console, echo, open_graph
from app.cli.traversal import PLAN_HELP
from app.core.errors import BadRequest
from app.elements.link_review import clear_from, clear_link, stamp_unstamped
from app.elements.references import resolve_ref
from app.traversal.suspects import DEFAULT_SUSPECTS, SuspectLink, suspect_links

VIA = "cli"


def _cut(text: str | None, size: int = 60) -> str:
    if text is None:
        return "(none)"
    return text if len(text) <= size else text[: size - 1] + "…"


def _row(s: SuspectLink) -> list[str]:
    changes = "\n".join(f"{c.field}: {_cut(c.old)} → {_cut(c.new)}" for c in s.changes)
    who = (
        f"{s.changed_by.who} ({s.changed_by.via}) {s.changed_by.at[:19]}"
        if s.changed_by
        else "unknown"
    )
    impact = s.impact
    budget = "no budget level"
    if impact.budget is not None:
        amount = impact.budget.amount
        budget = f"{amount:,.2f}" if amount is not None else "unknown"
        budget += f" ({impact.budget.amount_status})"
    share = "even split" if impact.share is None else f"share {impact.share:g}"
    below = f"{budget}; {share}; {len(impact.indicators)} indicator(s) below"
    return [s.link, changes, who, below]


def register(cli: typer.Typer) -> None:
    @cli.command()
    def suspects(
        upstream: str | None = typer.Option(
            None, "--from", help="Only the links made suspect by this element (id, code, name)."
        ),
        plan: str | None = typer.Option(None, help=PLAN_HELP),
        limit: int = typer.Option(DEFAULT_SUSPECTS, help="Most links listed."),
        as_json: bool = typer.Option(False, "--json", help="Print the API's JSON."),
    ) -> None:
        """Suspect links: their upstream element changed since they were made or cleared."""
        with open_graph() as graph:
            upstream_id = resolve_ref(graph, upstream, plan=plan)["id"] if upstream else None
            page = suspect_links(graph, limit=limit, upstream=upstream_id)
        if as_json:
            console.print_json(page.model_dump_json(by_alias=True))
            return
        table = Table(title=f"Suspect links ({page.summary.suspect} of {page.summary.watched})")
        for column in ("link", "what changed (old → new)", "changed by", "below it"):
            table.add_column(column, overflow="fold")
        for s in page.suspects:
            table.add_row(*_row(s))
        console.print(table)
        if page.next_cursor:
            console.print(f"More suspect links: raise --limit (shown {len(page.suspects)}).")
        if page.summary.unstamped:
            console.print(
                f"[yellow]{page.summary.unstamped} link(s) carry no stamp yet (stored before "
                "suspect links existed) and are never suspect: stamp them with "
                "`rbmtrace clear --unstamped --why ...`.[/]"
            )
        if page.suspects:
            console.print("Checked one? `rbmtrace clear LINK --why ...` (or --from ELEMENT).")

    @cli.command()
    def clear(
        link: str | None = typer.Argument(
            None, help="The link, from-[TYPE]->to, as `rbmtrace suspects` lists it."
        ),
        upstream: str | None = typer.Option(
            None, "--from", help="Or an element: clear every link its change made suspect."
        ),
        unstamped: bool = typer.Option(
            False,
            "--unstamped",
            help="Or give links stored before suspect links existed "
            "their first stamp (what their upstream end holds now).",
        ),
        why: str = typer.Option(..., "--why", help="Why the link(s) still hold (history)."),
        plan: str | None = typer.Option(None, help=PLAN_HELP),
        who: str | None = typer.Option(None, "--by", help="Who checked (default: you)."),
        as_json: bool = typer.Option(False, "--json", help="Print the API's JSON."),
    ) -> None:
        """Clear suspect links: a person checked them; who and why go into the history."""
        if sum((link is not None, upstream is not None, unstamped)) != 1:
            raise BadRequest("Give one of: a LINK, --from ELEMENT or --unstamped.")
        person = who or getpass.getuser()
        with open_graph() as graph:
            if unstamped:
                count = stamp_unstamped(graph, person, why, VIA)
                echo(f"Stamped {count} link(s) that had no stamp.")
                return
            if link is not None:
                answer = clear_link(graph, link, person, why, VIA)
            else:
                assert upstream is not None
                answer = clear_from(graph, upstream, person, why, VIA, plan)
        if as_json:
            console.print_json(json.dumps(answer))
            return
        for item in answer["cleared"]:
            state = "cleared" if item["action"] == "clear" else "was not suspect"
            console.print(f"{item['link']}: {state}")
        if not answer["cleared"]:
            console.print("No suspect link to clear.")
