"""The results CSV: read into the same elements and links a bundle gives, through the one
import door (located errors, all or nothing, a second import changes nothing)."""

from __future__ import annotations

import pytest

from app.bundles.exporter import export_bundle
from app.bundles.importer import import_bundle
from app.bundles.parsing import BundleSource
from app.core.errors import InvalidBundle
from app.db.graph import Graph
from app.performance.results_csv import import_results
from tests.bundles.importing import options
from tests.performance.plans import CSV_HEADER, STRUCTURE, plan_with_values, values_csv


def csv_source(text: str, name: str = "results.csv") -> list[BundleSource]:
    return [BundleSource(name, text.encode("utf-8"))]


def test_the_csv_gives_the_graph_the_bundle_gives_and_round_trips(graph: Graph) -> None:
    import_bundle(graph, plan_with_values(), options())
    from_bundle = export_bundle(graph)
    graph.write("admin/clear_graph")
    import_bundle(graph, STRUCTURE, options())
    report = import_results(graph, csv_source(values_csv()), options())
    assert (report.elements.created, report.links.created) == (12, 12)
    from_csv = export_bundle(graph)
    names = {e["id"]: e["name"] for e in from_csv["elements"]}
    # the same values, kinds, periods, dimensions, comments and links; only names differ
    assert [{**e, "name": names[e["id"]]} for e in from_bundle["elements"]] == from_csv["elements"]
    assert from_bundle["links"] == from_csv["links"]
    # export -> import into an empty graph gives the same bundle back
    graph.write("admin/clear_graph")
    import_bundle(graph, from_csv, options())
    assert export_bundle(graph) == from_csv


def test_a_second_import_changes_nothing_and_a_corrected_row_updates_its_value(
    graph: Graph,
) -> None:
    import_bundle(graph, STRUCTURE, options())
    import_results(graph, csv_source(values_csv()), options())
    again = import_results(graph, csv_source(values_csv()), options())
    assert not again.changed
    corrected = values_csv().replace(
        "ind-inc,2025-01-01,2025-12-31,actual,10,", "ind-inc,2025-01-01,2025-12-31,actual,12,"
    )
    fixed = import_results(graph, csv_source(corrected), options())
    assert (fixed.elements.updated, fixed.elements.created) == (1, 0)
    stored = {e["id"]: e for e in export_bundle(graph)["elements"]}
    assert stored["ind-inc/2025-01-01/2025-12-31/actual"]["value"] == 12


def test_every_bad_row_is_named_and_nothing_is_written(graph: Graph) -> None:
    import_bundle(graph, STRUCTURE, options())
    before = graph.counts()
    bad = "\n".join(
        [
            CSV_HEADER,
            "ind-cum,2024-01-01,2024-12-31,target,20,,,,",  # row 2: fine
            "ind-cum,2024-02-30,2024-12-31,target,20,,,,",  # row 3: no such date
            "ind-nope,2024-01-01,2024-12-31,actual,5,,,,",  # row 4: unknown indicator
            "ind-cum,2025-01-01,2025-12-31,forecast,5,,,,",  # row 5: unknown kind
            "ind-cum,2026-01-01,2026-12-31,actual,lots,,,,",  # row 6: not a number
            "out-1,2026-01-01,2026-12-31,actual,5,,,,",  # row 7: not an indicator
        ]
    )
    with pytest.raises(InvalidBundle) as raised:
        import_results(graph, csv_source(bad), options())
    places = " | ".join(e["place"] + " " + e["message"] for e in raised.value.extra["errors"])
    for row, words in (
        (3, "period_start"),
        (4, "ind-nope"),
        (5, "kind"),
        (6, "value"),
        (7, "HAS_VALUE"),
    ):
        assert f"results.csv: row {row}" in places, places
        assert words in places
    assert "row 2" not in places
    assert graph.counts() == before


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("indicator,period_start,kind,value\nind-cum,2024-01-01,target,1\n", "missing column"),
        (CSV_HEADER + ",colour\n", "unknown column(s): colour"),
        (CSV_HEADER + "\nind-cum,2024-01-01\n", "2 cells where the header names 9"),
    ],
)
def test_a_file_that_is_not_a_results_csv_says_how_to_fix_it(
    graph: Graph, text: str, words: str
) -> None:
    with pytest.raises(InvalidBundle) as raised:
        import_results(graph, csv_source(text), options())
    assert words in str(raised.value.extra["errors"])
    assert graph.counts() == (0, 0)
