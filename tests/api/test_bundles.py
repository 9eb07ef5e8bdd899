from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from fastapi.testclient import TestClient

from app.bundles.exporter import csv_pair
from app.core.config import Settings, get_settings
from app.db.graph import Graph
from tests.api.api_keys import EDITOR, READER, keyed_client
from tests.bundles.bundle_examples import BAD_INPUTS, SMALL_BUNDLE
from tests.conftest import base_settings

PROBLEM = "application/problem+json"


@pytest.fixture
def api(graph: Graph, settings: Settings) -> Iterator[TestClient]:
    with keyed_client(settings) as client:
        yield client


def test_import_json_then_again_reports_unchanged(api: TestClient, graph: Graph) -> None:
    first = api.post("/api/v1/import", json=SMALL_BUNDLE, headers=EDITOR)
    assert first.status_code == 200, first.text
    assert first.json()["elements"] == {"created": 7, "updated": 0, "unchanged": 0}
    counts = graph.counts()
    second = api.post("/api/v1/import", json=SMALL_BUNDLE, headers=EDITOR).json()
    assert second["changed"] is False
    assert second["links"] == {"created": 0, "updated": 0, "unchanged": 6}
    assert graph.counts() == counts


def test_import_raw_yaml_and_dry_run(api: TestClient, graph: Graph) -> None:
    body = yaml.safe_dump(SMALL_BUNDLE)
    headers = {**EDITOR, "Content-Type": "application/yaml"}
    dry = api.post("/api/v1/import?dry_run=true", content=body, headers=headers)
    assert dry.status_code == 200 and dry.json()["dry_run"] is True
    assert dry.json()["elements"]["created"] == 7
    assert {"kind": "element", "key": "tp2", "action": "create", "fields": []} in dry.json()[
        "changes"
    ]
    assert graph.counts() == (0, 0)
    real = api.post("/api/v1/import", content=body, headers=headers)
    assert real.json()["links"]["created"] == 6


def test_import_the_csv_pair_as_a_multipart_upload(api: TestClient, graph: Graph) -> None:
    elements, links = csv_pair(SMALL_BUNDLE)
    files = [
        ("file", ("elements.csv", elements.encode(), "text/csv")),
        ("file", ("links.csv", links.encode(), "text/csv")),
    ]
    answer = api.post("/api/v1/import", files=files, headers=EDITOR)
    assert answer.status_code == 200, answer.text
    assert answer.json()["files"] == ["elements.csv", "links.csv"]
    assert graph.counts()[1] == 6


@pytest.mark.parametrize(
    ("name", "file_name", "data", "words"), BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS]
)
def test_each_bad_upload_is_a_problem_naming_its_place_and_changes_nothing(
    api: TestClient, graph: Graph, name: str, file_name: str, data: bytes, words: list[str]
) -> None:
    api.post("/api/v1/import", json=SMALL_BUNDLE, headers=EDITOR)
    before = graph.counts()
    answer = api.post("/api/v1/import", files={"file": (file_name, data)}, headers=EDITOR)
    assert answer.status_code == 422
    assert answer.headers["content-type"] == PROBLEM
    problem = answer.json()
    assert problem["type"] == "urn:rbmtrace:problem:invalid-bundle"
    assert problem["errors"] and all(e["file"] == file_name for e in problem["errors"])
    text = json.dumps(problem)
    for word in words:
        assert word in text
    assert graph.counts() == before


def test_a_bad_raw_json_body_names_line_and_column(api: TestClient, graph: Graph) -> None:
    answer = api.post(
        "/api/v1/import",
        content=b'{"elements": [\n  {"id": "a" "type": "Goal"}]}',
        headers={**EDITOR, "Content-Type": "application/json"},
    )
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["location"] == "line 2, column 14"
    assert graph.counts() == (0, 0)


@pytest.mark.parametrize("as_upload", [False, True])
def test_an_oversized_import_is_413_naming_the_limit(
    graph: Graph, settings: Settings, as_upload: bool
) -> None:
    body = json.dumps(SMALL_BUNDLE).encode()
    with keyed_client(settings, max_import_bytes=500) as api:
        if as_upload:
            answer = api.post("/api/v1/import", files={"file": ("b.json", body)}, headers=EDITOR)
        else:
            answer = api.post("/api/v1/import", content=body, headers=EDITOR)
    assert answer.status_code == 413
    problem = answer.json()
    assert "500 bytes" in problem["detail"]
    assert "RBMTRACE_MAX_IMPORT_BYTES" in problem["hint"]
    assert graph.counts() == (0, 0)


def test_an_empty_body_is_a_bad_request(api: TestClient) -> None:
    answer = api.post("/api/v1/import", content=b"", headers=EDITOR)
    assert answer.status_code == 400


def test_import_needs_an_editor_key(api: TestClient, graph: Graph) -> None:
    assert api.post("/api/v1/import", json=SMALL_BUNDLE).status_code == 401
    assert api.post("/api/v1/import", json=SMALL_BUNDLE, headers=READER).status_code == 403
    assert graph.counts() == (0, 0)


@pytest.mark.parametrize(
    ("fmt", "media", "file_name"),
    [
        ("json", "application/json", "bundle.json"),
        ("yaml", "application/yaml", "bundle.yaml"),
        ("csv", "application/zip", "bundle-csv.zip"),
    ],
)
def test_export_reimports_to_the_same_counts(
    api: TestClient, graph: Graph, fmt: str, media: str, file_name: str
) -> None:
    api.post("/api/v1/import", json=SMALL_BUNDLE, headers=EDITOR)
    exported = api.get(f"/api/v1/export?format={fmt}")
    assert exported.status_code == 200
    assert exported.headers["content-type"].startswith(media)
    assert file_name in exported.headers["content-disposition"]
    element_count = graph.run("MATCH (e:Element) RETURN count(e) AS n", {}, write=False)[0]["n"]
    graph.write("admin/clear_graph")
    again = api.post(
        "/api/v1/import", files={"file": (file_name, exported.content)}, headers=EDITOR
    )
    assert again.status_code == 200, again.text
    assert again.json()["elements"]["created"] == element_count == 7
    assert again.json()["links"]["created"] == 6


def test_export_graphml_and_refuse_unknown_formats(api: TestClient) -> None:
    api.post("/api/v1/import", json=SMALL_BUNDLE, headers=EDITOR)
    graphml = api.get("/api/v1/export", params={"format": "graphml"})
    assert graphml.status_code == 200 and b"<graphml" in graphml.content
    with zipfile.ZipFile(io.BytesIO(api.get("/api/v1/export?format=csv").content)) as archive:
        assert sorted(archive.namelist()) == ["elements.csv", "links.csv"]
    wrong = api.get("/api/v1/export?format=xlsx")
    assert wrong.status_code == 422 and wrong.headers["content-type"] == PROBLEM


def test_bundle_schema_is_served(api: TestClient) -> None:
    schema = api.get("/api/v1/schema/bundle").json()
    assert schema["title"] == "RBM Trace plan bundle"
    assert "ThematicPriorityElement" in schema["$defs"]


def transactions_so_far(graph: Graph) -> int:
    """How many transactions the database has begun: the number in the id of this very
    one (`neo4j-transaction-42`), which counts up by one for each transaction."""
    rows = graph.run(
        "SHOW TRANSACTIONS YIELD transactionId, currentQuery "
        "WHERE currentQuery STARTS WITH 'SHOW TRANSACTIONS' RETURN transactionId",
        {},
        write=False,
    )
    return int(rows[0]["transactionId"].rsplit("-", 1)[1])


#: Transactions of an import in one transaction: the look for interrupted imports to undo,
#: and the import (elements, links and the change event).
ONE_TRANSACTION = 2
#: At least, for SMALL_BUNDLE staged in batches of 2: 7 elements and 6 links (4 + 3 batches),
#: then the change event.
STAGED_AT_LEAST = 4 + 3 + 1


def imported_in_one_transaction(used: int) -> bool:
    assert used <= ONE_TRANSACTION or used >= STAGED_AT_LEAST, used
    return used <= ONE_TRANSACTION


@pytest.mark.parametrize(("transaction_items", "staged"), [(50_000, False), (0, True)])
def test_the_settings_given_to_the_app_decide_when_an_import_is_staged(
    graph: Graph, settings: Settings, transaction_items: int, staged: bool
) -> None:
    with keyed_client(
        settings, import_transaction_items=transaction_items, import_batch_size=2
    ) as api:
        # once before, so that the connections and the tokens (labels, property names) the
        # import needs exist: making them takes transactions of their own
        api.post("/api/v1/import", json=SMALL_BUNDLE, headers=EDITOR)
        graph.write("admin/clear_graph")
        before = transactions_so_far(graph)
        answer = api.post("/api/v1/import", json=SMALL_BUNDLE, headers=EDITOR)
        assert answer.status_code == 200, answer.text
        used = transactions_so_far(graph) - before - 1
        assert imported_in_one_transaction(used) is not staged
    assert answer.json()["elements"] == {"created": 7, "updated": 0, "unchanged": 0}
    assert graph.counts() == (7 + 1, 6)  # and the import's change event


def test_a_dotenv_in_the_working_directory_does_not_change_the_apps_settings(
    graph: Graph, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only the process's edges read the environment and `.env` (get_settings); a service
    given settings uses those, whatever a `.env` where it runs says."""
    (tmp_path / ".env").write_text(
        "RBMTRACE_MAX_IMPORT_BYTES=10\nRBMTRACE_IMPORT_TRANSACTION_ITEMS=0\n"
        "RBMTRACE_IMPORT_BATCH_SIZE=1\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    # the suite reads no `.env` (tests/conftest.py); this test is about a process that does
    monkeypatch.setitem(Settings.model_config, "env_file", ".env")
    get_settings.cache_clear()
    try:
        assert get_settings().max_import_bytes == 10  # the file is read by the process's edge
        assert base_settings().max_import_bytes == Settings.model_fields["max_import_bytes"].default
        with keyed_client(settings) as api:
            api.post("/api/v1/import", json=SMALL_BUNDLE, headers=EDITOR)  # as above
            graph.write("admin/clear_graph")
            before = transactions_so_far(graph)
            answer = api.post("/api/v1/import", json=SMALL_BUNDLE, headers=EDITOR)
            assert answer.status_code == 200, answer.text
            assert imported_in_one_transaction(transactions_so_far(graph) - before - 1)
    finally:
        get_settings.cache_clear()
    assert answer.json()["links"]["created"] == 6


def test_the_report_is_one_model_documented_in_openapi(api: TestClient) -> None:
    schemas = api.get("/openapi.json").json()["components"]["schemas"]
    report = schemas["ImportReport"]
    assert {"dry_run", "changed", "files", "elements", "links", "changes"} <= set(
        report["properties"]
    )
    assert "changed" in report.get("required", [])
