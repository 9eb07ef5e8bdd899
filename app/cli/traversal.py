"""`rbmtrace outputs|trace|impact|matrix|budget`: the traversals in the terminal.

Each command calls the same function as the API route and prints a readable table or
tree; `--json` prints the API's JSON instead, for scripts.
"""

from __future__ import annotations

import typer
from pydantic import BaseModel
from rich.markup import escape
from rich.table import Table
from rich.tree import Tree

from app.cli.context import console, open_graph
from app.elements.schemas import ElementRef
from app.traversal.budget import BudgetSort, budget_rollup
from app.traversal.impact import impact_of_removal
from app.traversal.matrix import matrix_csv, trace_matrix
from app.traversal.outputs import outputs_serving
from app.traversal.results_chain import DEFAULT_DEPTH, Direction
from app.traversal.schemas import TraceMatrix, TraceNode
from app.traversal.trace import trace as trace_paths_of

JSON_HELP = "Print JSON (as the API returns it) instead of a table."
PLAN_HELP = (
    "The plan (id, code or name) the reference is looked up in, when it names elements of "
    "several plans (default: RBMTRACE_DEFAULT_PLAN, `current` = the plans in force this year)."
)


def _json(model: BaseModel) -> None:
    typer.echo(model.model_dump_json(indent=2))


def _label(element: ElementRef) -> str:
    code = f"{element.code} " if element.code else ""
    return f"{code}{element.name or ''} [dim]({element.type}, {element.id})[/]"


def _amount(value: float | None, status: str) -> str:
    if value is None:
        return "unknown"
    text = f"{value:,.2f}"
    return f"{text} (partly unknown)" if status == "partly-unknown" else text


#: An alternative route longer than this many elements is shown by its ends.
ROUTE_SHOWN = 3
#: Longest row label of the matrix, in characters.
MATRIX_LABEL = 28


def _short(element: ElementRef, size: int = 40) -> str:
    """An element in a few words: its code, else its (clipped) name."""
    text = element.code or element.name or element.id
    return escape(text if len(text) <= size else text[: size - 1] + "…")


def _route(nodes: list[ElementRef]) -> str:
    """An alternative route, collapsed to its ends when it is long."""
    names = [_short(n, 24) for n in nodes]
    if len(names) <= ROUTE_SHOWN:
        return " > ".join(names)
    return f"{names[0]} > … ({len(names) - 2} more) > {names[-1]}"


def print_matrix(result: TraceMatrix, width: int) -> None:
    """The matrix in column blocks that fit `width`, headed by short keys (C1, C2 ...,
    or the elements' codes when short) explained in a legend."""
    columns = result.columns
    keys = [c.code if c.code and len(c.code) <= 6 else f"C{i}" for i, c in enumerate(columns, 1)]
    if len(set(keys)) < len(keys):
        keys = [f"C{i}" for i in range(1, len(columns) + 1)]
    cell = max([3, *(len(k) for k in keys)]) + 3  # the key, padding and the border
    per_block = max(1, (width - MATRIX_LABEL - 4) // cell)
    for start in range(0, max(len(columns), 1), per_block):
        block = range(start, min(start + per_block, len(columns)))
        title = f"{result.rows_type} x {result.cols_type} (links, {result.direction})"
        if len(columns) > per_block:
            title += f", columns {start + 1}-{block.stop} of {len(columns)}"
        table = Table(title=title)
        table.add_column(result.rows_type, max_width=MATRIX_LABEL, no_wrap=True)
        for i in block:
            table.add_column(keys[i], justify="center", no_wrap=True)
        for row in result.rows:
            lengths = {c.id: str(c.path_length) for c in row.cells}
            table.add_row(
                _short(row.row, MATRIX_LABEL), *(lengths.get(columns[i].id, "") for i in block)
            )
        console.print(table)
    legend = [
        f"{key} = {_short(c, 60)} [dim]({c.id})[/]"
        for key, c in zip(keys, columns, strict=True)
        if key != c.code
    ]
    if legend:
        console.print("Columns:")
        for line in legend:
            console.print(f"  {line}", overflow="ellipsis", no_wrap=True)


def register(cli: typer.Typer) -> None:
    @cli.command()
    def outputs(
        ref: str = typer.Argument(..., help="The thematic priority: id, code (TP#2) or name."),
        limit: int = typer.Option(100, help="Most outputs listed."),
        plan: str | None = typer.Option(None, help=PLAN_HELP),
        as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
    ) -> None:
        """The outputs that serve a thematic priority, their outcomes and funding."""
        with open_graph() as graph:
            result = outputs_serving(graph, ref, limit=limit, plan=plan)
        if as_json:
            return _json(result)
        table = Table(title=f"Outputs serving {_label(result.priority)}")
        for column in ("output", "through outcome(s)", "cost objects", "funded amount"):
            table.add_column(column)
        for item in result.outputs:
            through = "\n".join(
                _label(t.outcome)
                + (f"\n  via {_label(t.delivered_through)}" if t.delivered_through else "")
                for t in item.through
            )
            funding = "\n".join(
                f"{c.name} [dim]({c.method} {c.weight:.4g})[/]" for c in item.cost_objects
            )
            table.add_row(
                _label(item.output),
                through,
                funding or "none",
                _amount(item.funded_amount, item.amount_status),
            )
        console.print(table)
        if result.next_cursor:
            console.print(f"More outputs: raise --limit (shown {len(result.outputs)}).")

    @cli.command()
    def trace(
        ref: str = typer.Argument(..., help="The element: id, code, alias or name."),
        up: bool = typer.Option(
            True, "--up/--down", help="Up to the mission, or down to cost objects."
        ),
        max_depth: int = typer.Option(DEFAULT_DEPTH, help="Longest path, in links."),
        plan: str | None = typer.Option(None, help=PLAN_HELP),
        as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
    ) -> None:
        """Every path from an element up to the mission or down to cost objects, as a tree."""
        direction = Direction.up if up else Direction.down
        with open_graph() as graph:
            result = trace_paths_of(graph, ref, direction, max_depth=max_depth, plan=plan)
        if as_json:
            return _json(result)
        tree = Tree(_label(result.start))

        def grow(branch: Tree, node: TraceNode) -> None:
            for child in node.children:
                shown = child.basis not in (None, "stated")
                basis = f" [yellow]({child.basis})[/]" if shown else ""
                label = f"[cyan]{child.relationship}[/]{basis} {_label(child.element)}"
                grow(branch.add(label), child)

        grow(tree, result.tree)
        console.print(tree)
        ends = ", ".join(e.name or e.id for e in result.reached) or "nothing"
        more = " (more paths exist)" if result.truncated else ""
        console.print(f"{len(result.paths)} path(s) {direction.value}{more}; reached: {ends}")

    @cli.command()
    def impact(
        ref: str = typer.Argument(..., help="The element: id, code, alias or name."),
        max_depth: int = typer.Option(DEFAULT_DEPTH, help="How far to look, in links."),
        plan: str | None = typer.Option(None, help=PLAN_HELP),
        as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
    ) -> None:
        """What removing an element would cut, what survives, and single points of failure."""
        with open_graph() as graph:
            result = impact_of_removal(graph, ref, max_depth=max_depth, plan=plan)
        if as_json:
            return _json(result)
        console.print(f"If {_label(result.element)} were removed:")
        table = Table(expand=False)
        table.add_column("element", ratio=2, overflow="fold")
        table.add_column("effect", ratio=3, overflow="fold")
        for e in result.loses_support:
            table.add_row(_short(e), "[red]loses every path to the mission[/]")
        for k in result.keeps_support:
            table.add_row(_short(k.element), "keeps support via " + _route(k.alternative[1:]))
        for e in result.loses_funding:
            table.add_row(_short(e), "[red]loses every path to a cost object[/]")
        for k in result.keeps_funding:
            table.add_row(_short(k.element), "keeps funding via " + _route(k.alternative[1:]))
        console.print(table)
        spof = result.single_points_of_failure
        console.print(
            "Single points of failure up to the mission: "
            + (", ".join(e.name or e.id for e in spof.support) or "none")
        )
        console.print(
            "Single points of failure down to funding: "
            + (", ".join(e.name or e.id for e in spof.funding) or "none")
        )
        if not result.supported:
            console.print("[yellow]The element itself reaches no mission.[/]")
        if not result.funded:
            console.print("[yellow]The element itself reaches no cost object.[/]")

    @cli.command()
    def matrix(
        rows: str = typer.Argument(..., help="Row element type, e.g. ThematicPriority."),
        cols: str = typer.Argument(..., help="Column element type, e.g. Output."),
        max_depth: int = typer.Option(DEFAULT_DEPTH, help="Longest path, in links."),
        limit: int = typer.Option(200, help="Most rows."),
        as_csv: bool = typer.Option(False, "--csv", help="Print the CSV grid."),
        as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
    ) -> None:
        """The trace matrix between two element types, with path lengths in the cells."""
        with open_graph() as graph:
            result = trace_matrix(graph, rows, cols, max_depth=max_depth, limit=limit)
        if as_json:
            return _json(result)
        if as_csv:
            typer.echo(matrix_csv(result), nl=False)
            return
        print_matrix(result, console.width)

    @cli.command()
    def budget(
        by: str = typer.Option(
            "Goal", "--by", help="Output, Outcome, ThematicPriority, Goal or Mission."
        ),
        sort: BudgetSort = typer.Option(
            BudgetSort.id,
            "--sort",
            help="id: by element id; amount: largest amount first, unknown amounts last.",
        ),
        limit: int = typer.Option(1000, help="Most figures listed."),
        as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
    ) -> None:
        """Bottom-up budget roll-up without double counting, reconciled with cost objects."""
        with open_graph() as graph:
            result = budget_rollup(graph, by, limit=limit, sort=sort)
        if as_json:
            return _json(result)
        currency = "/".join(result.currencies)
        order = ", largest first" if sort is BudgetSort.amount else ""
        table = Table(title=f"Budget by {by} {currency}".strip() + order)
        for column in ("element", "amount", "methods"):
            table.add_column(column)
        for f in result.figures:
            table.add_row(_label(f), _amount(f.amount, f.amount_status), ", ".join(f.methods))
        for h in result.held_below:
            table.add_row(
                f"[yellow]held below[/] {_label(h)}", _amount(h.amount, "known"), h.reason
            )
        console.print(table)
        status = "reconciled" if result.reconciled else "[red]NOT reconciled[/]"
        console.print(
            f"Total funded {result.total_funded:,.2f} = attributed {result.attributed:,.2f} "
            f"+ held below {result.unattributed:,.2f}: {status}."
        )
        for note in result.notes:
            console.print(f"[dim]{note}[/]")
