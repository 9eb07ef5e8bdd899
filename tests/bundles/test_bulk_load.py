"""`rbmtrace import --bulk`: Neo4j's offline importer into an empty local database.

One managed local Neo4j of this module's own (its own folder and ports), loaded once: the
graph it stores must be the one the online import stores from the same bundle (every node
and relationship with every property and its type, and the export), and a second bulk
load, a remote database or an invalid bundle are refused with nothing written.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr
from typer.testing import CliRunner

from app import metamodel
from app.bundles import bulk_load, exporter
from app.bundles.bulk_load import bulk_import, csv_kind, cypher_text, upstream_seen
from app.bundles.importer import NO_SIZE_LIMIT, ImportOptions, import_bundle, read_bundle
from app.bundles.validation import validate_bundle
from app.cli import cli
from app.core.config import Settings, get_settings
from app.core.errors import BadRequest, Conflict, InvalidBundle
from app.db.graph import Graph, create_driver
from app.local_neo4j.server import LocalNeo4j, free_port
from app.synth import synthesize, write_bundle_json
from tests.bundles.bundle_examples import SMALL_BUNDLE
from tests.conftest import base_settings

#: Text that CSV must carry exactly: delimiters, quotes, line breaks, spaces, list items
#: holding the CSV and list delimiters, an empty string, and lists CSV cannot carry.
AWKWARD_ELEMENTS: list[dict[str, Any]] = [
    {
        "id": "awk-1",
        "type": "Output",
        "name": ' Output, "quoted"; with\nline breaks\r\nand trailing space ',
        "aliases": ["a;b", "c,d", 'e "f"'],
        "sector": "",
    },
    {"id": "awk-2", "type": "Goal", "name": "Goal\u00e9 \u2013 two", "number": 7},
    {"id": "awk-3", "type": "Goal", "name": "Goal three", "aliases": ["x\u001fy"]},
    # a suspect stamp holding the list delimiter: CSV cannot carry it, Cypher stamps it
    {"id": "awk-4", "type": "Risk", "name": "Risk x\u001fy", "description": "a = b"},
    {"id": "awk-5", "type": "Indicator", "name": "Indicator=five", "description": ""},
]
#: Links whose suspect stamps hold the awkward text (upstream ends awk-1, awk-2, awk-4).
AWKWARD_LINKS: list[dict[str, Any]] = [
    {"from": "awk-1", "type": "THREATENED_BY", "to": "awk-4"},
    {"from": "awk-1", "type": "MEASURED_BY", "to": "awk-5"},
    {"from": "awk-2", "type": "MEASURED_BY", "to": "awk-5"},
]


def bundle_to_load() -> dict[str, Any]:
    bundle = copy.deepcopy(synthesize(1000, seed=7).bundle)
    bundle["elements"] += copy.deepcopy(SMALL_BUNDLE["elements"] + AWKWARD_ELEMENTS)
    bundle["links"] += copy.deepcopy(SMALL_BUNDLE["links"])
    bundle["links"].append({"from": "m", "type": "HAS_GOAL", "to": "awk-2"})
    bundle["links"] += copy.deepcopy(AWKWARD_LINKS)
    return bundle


def stored_graph(graph: Graph) -> dict[str, Any]:
    """Every node and relationship, each property with its Python type; import stamps and
    change-event ids and times (different for each import) left out."""

    def typed(props: dict[str, Any], element: bool) -> list[tuple[str, str, str]]:
        varying = {"import_id"} if element else {"import_id", "id", "at"}
        return sorted(
            (k, type(v).__name__, json.dumps(v, sort_keys=True))
            for k, v in props.items()
            if k not in varying
        )

    nodes = graph.run(
        "MATCH (n) RETURN labels(n) AS labels, properties(n) AS props, n:Element AS element",
        {},
        write=False,
    )
    links = graph.run(
        "MATCH (a)-[r]->(b) RETURN a.id AS from, type(r) AS type, b.id AS to, "
        "properties(r) AS props",
        {},
        write=False,
    )
    return {
        "nodes": sorted(
            json.dumps([sorted(n["labels"]), typed(n["props"], element=n["element"])])
            for n in nodes
        ),
        "links": sorted(
            json.dumps([lk["from"], lk["type"], lk["to"], typed(lk["props"], element=True)])
            for lk in links
        ),
    }


@pytest.fixture(scope="module")
def bulk_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return base_settings(
        neo4j_password=SecretStr("bulk-load-pw"),
        local_instance_dir=tmp_path_factory.mktemp("bulk") / "instance",
        local_bolt_port=free_port(),
        local_http_port=free_port(),
    )


@pytest.fixture(scope="module")
def bulk_server(bulk_settings: Settings) -> Iterator[LocalNeo4j]:
    server = LocalNeo4j.from_settings(bulk_settings)
    try:
        yield server
    finally:
        server.stop()
    assert not server.is_running()


@contextmanager
def bulk_graph(settings: Settings) -> Iterator[Graph]:
    driver = create_driver(
        LocalNeo4j.from_settings(settings).bolt_uri, settings.neo4j_auth, settings
    )
    try:
        yield Graph(driver, settings.neo4j_database)
    finally:
        driver.close()


def test_csv_kinds_carry_only_what_csv_keeps_exactly() -> None:
    assert csv_kind("") == "string"
    assert csv_kind(True) == "boolean"
    assert csv_kind(3) == "long"
    assert csv_kind(2.5) == "double"
    assert csv_kind(["a;b", ""]) == "string[]"
    for left_to_cypher in ([], [""], ["x\u001fy"], 2**63, [1, 2]):
        assert csv_kind(left_to_cypher) is None


def test_suspect_stamps_computed_for_the_csv_equal_those_cypher_stores(
    graph: Graph, settings: Settings
) -> None:
    """`upstream_seen`, which --bulk writes into the link CSV, is what create_links' Cypher
    stores when the online import creates the same link, for every link of the bundle."""
    import_bundle(graph, bundle_to_load(), ImportOptions.from_settings(settings, who="test"))
    stored = graph.run(
        "MATCH (e:Element) RETURN e.id AS id, properties(e) AS props", {}, write=False
    )
    props = {row["id"]: row["props"] for row in stored}
    watch = metamodel.suspect_watch()
    links = graph.run(
        "MATCH (a)-[r]->(b) RETURN a.id AS from, type(r) AS type, b.id AS to, "
        "r.upstream_seen AS seen",
        {},
        write=False,
    )
    stamped = 0
    for link in links:
        rel_watch = watch.get(link["type"])
        if rel_watch is None:
            assert link["seen"] is None
            continue
        assert upstream_seen(rel_watch, props[link["from"]], props[link["to"]]) == link["seen"]
        stamped += 1
    assert stamped > 1000
    awkward = {(lk["from"], lk["to"]): lk["seen"] for lk in links if lk["from"].startswith("awk")}
    assert awkward[("awk-1", "awk-4")] == ["name=Risk x\u001fy", "description=a = b"]
    assert awkward[("awk-2", "awk-5")] == ["name=Goal\u00e9 \u2013 two", "description="]


def test_scalars_are_written_as_cypher_writes_them(graph: Graph) -> None:
    values = [True, False, 0, -7, 2**63 - 1, -(2**63), "", " a=b\nc\u00e9 ", None]
    texts = graph.run(
        "RETURN [v IN $values | coalesce(toString(v), '')] AS texts",
        {"values": values},
        write=False,
    )
    assert texts[0]["texts"] == [cypher_text(value) for value in values]
    assert cypher_text(0.1) is None  # a float's digits: left to Cypher


def test_a_remote_database_is_refused(bulk_settings: Settings) -> None:
    remote = bulk_settings.model_copy(update={"neo4j_uri": "bolt://db.example:7687"})
    options = ImportOptions.from_settings(remote, who="test")
    with pytest.raises(BadRequest, match="NEO4J_URI") as refused:
        bulk_import(remote, SMALL_BUNDLE, options)
    assert "without --bulk" in refused.value.extra["hint"]
    assert not LocalNeo4j.from_settings(bulk_settings).instance_dir.exists()


def test_the_cli_refuses_a_remote_database(tmp_path: Path) -> None:
    bundle = tmp_path / "plan.json"
    bundle.write_text(json.dumps(SMALL_BUNDLE))
    get_settings.cache_clear()  # the command reads this environment, not an earlier one
    try:
        result = CliRunner().invoke(
            cli,
            ["import", "--bulk", str(bundle)],
            env={
                "NEO4J_URI": "bolt://db.example:7687",
                "RBMTRACE_LOCAL_INSTANCE_DIR": str(tmp_path / "instance"),
            },
        )
    finally:
        get_settings.cache_clear()
    assert isinstance(result.exception, BadRequest)  # `rbmtrace` prints it, exit code 2
    assert "--bulk loads only the locally managed Neo4j" in result.exception.detail
    assert not (tmp_path / "instance").exists()


def test_an_invalid_bundle_touches_nothing(bulk_settings: Settings) -> None:
    bad = copy.deepcopy(SMALL_BUNDLE)
    bad["links"].append({"from": "m", "type": "HAS_GOAL", "to": "nowhere"})
    with pytest.raises(InvalidBundle):
        bulk_import(bulk_settings, bad, ImportOptions.from_settings(bulk_settings, who="test"))
    server = LocalNeo4j.from_settings(bulk_settings)
    assert not server.is_running()
    assert not server.instance_dir.exists()


def test_bulk_load_stores_what_the_online_import_stores(
    bulk_settings: Settings, bulk_server: LocalNeo4j, graph: Graph, settings: Settings
) -> None:
    bundle = bundle_to_load()
    online = import_bundle(graph, bundle, ImportOptions.from_settings(settings, who="test"))
    report = bulk_import(
        bulk_settings, bundle, ImportOptions.from_settings(bulk_settings, who="test")
    )
    assert report.model_dump() == online.model_dump()
    assert report.elements.created == len(bundle["elements"])
    assert not bulk_server.is_running()  # it was not running before: stopped again
    bulk_server.start()
    with bulk_graph(bulk_settings) as loaded:
        assert stored_graph(loaded) == stored_graph(graph)
        assert exporter.export_graph(loaded, "json") == exporter.export_graph(graph, "json")
        indexes = loaded.read("admin/online_indexes")
        assert {row["name"] for row in indexes} >= {
            row["name"] for row in graph.read("admin/online_indexes")
        }
        before = stored_graph(loaded)
        with pytest.raises(Conflict, match="only an empty database"):
            bulk_import(
                bulk_settings, SMALL_BUNDLE, ImportOptions.from_settings(bulk_settings, who="test")
            )
        assert bulk_server.is_running()  # it was running: left running
        assert stored_graph(loaded) == before


# --- streaming: a JSON file read an item at a time -----------------------------------------
def invalid_bundle() -> dict[str, Any]:
    """Problems of many kinds, early and late in each list."""
    bundle = copy.deepcopy(synthesize(1000, seed=7).bundle)
    bundle["elements"][5]["type"] = "Gaol"
    bundle["elements"][7]["colour"] = "red"
    bundle["elements"].append(copy.deepcopy(bundle["elements"][10]))  # a duplicate id
    bundle["links"][20]["share"] = 2
    bundle["links"].append(copy.deepcopy(bundle["links"][3]))  # a duplicate link
    bundle["links"].append({"from": bundle["elements"][0]["id"], "type": "HAS_GOAL", "to": "x"})
    return bundle


def in_pieces(bundle: dict[str, Any], directory: Path) -> list[Path]:
    """The bundle in three files: elements and links split across them, the links of the
    first written before its elements."""
    elements, links = bundle["elements"], bundle["links"]
    pieces = [
        {"links": links[:700], "elements": elements[:400]},
        {"elements": elements[400:900]},
        {"elements": elements[900:], "links": links[700:]},
    ]
    paths = []
    for n, piece in enumerate(pieces):
        paths.append(directory / f"piece-{n}.json")
        paths[-1].write_text(json.dumps(piece, indent=1))
    return paths


def refusal(call: Any) -> list[dict[str, Any]]:
    with pytest.raises(InvalidBundle) as caught:
        call()
    errors: list[dict[str, Any]] = caught.value.extra["errors"]
    return errors


def test_a_streamed_bundle_is_refused_with_the_errors_the_online_import_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bundle = invalid_bundle()
    whole = tmp_path / "plan.json"
    write_bundle_json(bundle, whole)
    options = ImportOptions(who="test", batch_size=500, transaction_items=1, max_bytes=10**9)
    work = tmp_path / "csv"
    work.mkdir()
    for paths in ([whole], in_pieces(bundle, tmp_path)):
        parsed = read_bundle(paths, options.max_bytes)
        expected = refusal(lambda: validate_bundle(parsed, {}))  # noqa: B023 - called at once
        with monkeypatch.context() as streaming_only:  # not the whole reader's errors
            streaming_only.setattr(bulk_load, "read_bundle", None)
            streamed = refusal(lambda: bulk_load.bundle_to_csv(paths, options, work))  # noqa: B023
        assert streamed == expected
    places = {(e["location"], e["field"]) for e in expected}
    assert {("elements[5]", "type"), ("links[20]", "share")} <= places
    assert any(e["message"].startswith("duplicate link") for e in expected)


def test_a_file_the_stream_cannot_read_is_refused_as_the_whole_reader_refuses_it(
    tmp_path: Path,
) -> None:
    path = tmp_path / "plan.json"
    write_bundle_json(synthesize(1000, seed=7).bundle, path)
    text = path.read_text()
    options = ImportOptions(who="test", batch_size=500, transaction_items=1, max_bytes=10**9)
    work = tmp_path / "csv"
    work.mkdir()
    for broken in (text[:-40], re.sub(r'"share":[0-9.]+', '"share":NaN', text, count=1)):
        path.write_text(broken)
        expected = refusal(lambda: read_bundle([path], options.max_bytes).raise_if_unreadable())
        assert refusal(lambda: bulk_load.bundle_to_csv([path], options, work)) == expected
        assert list(work.iterdir()) == []


def test_a_streamed_file_gives_the_csv_files_of_the_bundle_read_whole(tmp_path: Path) -> None:
    bundle = bundle_to_load()
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(bundle, ensure_ascii=False))
    options = ImportOptions(who="test", batch_size=500, transaction_items=1, max_bytes=10**9)
    written = {}
    for name, given in (("streamed", [path]), ("whole", bundle)):
        work = tmp_path / name
        work.mkdir()
        plan, files = bulk_load.bundle_to_csv(given, options, work)  # type: ignore[arg-type]
        files.close()
        written[name] = (
            {f.name: f.read_text().replace(plan.import_id, "ID") for f in work.iterdir()},
            plan.report().model_dump(exclude={"files"}),
            json.dumps(files.left_out, sort_keys=True).replace(plan.import_id, "ID"),
            sorted(files.unstamped_starts),
        )
    assert written["streamed"] == written["whole"]


def test_a_json_file_is_streamed_into_the_graph_the_online_import_stores(
    tmp_path: Path, graph: Graph, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """And a bundle found invalid late in a big file leaves the loaded database as it was:
    the server is not even stopped."""
    monkeypatch.setattr(bulk_load, "EMPTY_LIST_SCAN_BATCH", 150)  # empty lists in batches
    bundle = bundle_to_load()
    bundle["elements"] += [  # empty lists: one some indicators have, ref_keys of an id "#"
        {"id": "ind-none", "type": "Indicator", "name": "Unsplit", "disaggregation": []},
        {"id": "#", "type": "Goal", "name": "Hash"},
    ]
    path = tmp_path / "plan.json"
    write_bundle_json(bundle, path)
    online = import_bundle(graph, [path], ImportOptions.from_settings(settings, who="test"))
    own = base_settings(
        neo4j_password=SecretStr("bulk-stream-pw"),
        local_instance_dir=tmp_path / "instance",
        local_bolt_port=free_port(),
        local_http_port=free_port(),
    )
    options = ImportOptions.from_settings(own, who="test", max_bytes=NO_SIZE_LIMIT)
    server = LocalNeo4j.from_settings(own)
    try:
        assert bulk_import(own, [path], options).model_dump() == online.model_dump()
        server.start()
        with bulk_graph(own) as loaded:
            assert stored_graph(loaded) == stored_graph(graph)
            assert exporter.export_graph(loaded, "json") == exporter.export_graph(graph, "json")
            before, pid = stored_graph(loaded), server.pid()
            big = synthesize(20000, seed=5).bundle
            big["links"].append({"from": big["elements"][0]["id"], "type": "HAS_GOAL", "to": "x"})
            bad = tmp_path / "late.json"
            write_bundle_json(big, bad)
            errors = refusal(lambda: bulk_import(own, [bad], options))
            assert [(e["location"], e["field"]) for e in errors] == [
                (f"links[{len(big['links']) - 1}]", "to")
            ]
            assert server.pid() == pid  # still running: not stopped, not restarted
            assert stored_graph(loaded) == before
    finally:
        server.stop()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["instance", "late.json", "plan.json"]
