"""The IATI results export validates against the official IATI 2.03 activity schema.

The schema is read from the pyIATI package (a test dependency only, installed by `make
install` without its 2018-pinned dependencies: only its schema files are read, pyIATI is
never imported); lxml validates.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from lxml import etree

from app.bundles.importer import import_bundle
from app.core.config import Settings
from app.db.graph import Graph
from app.performance.iati import Reporter, iati_activities
from app.seeding import load_seed
from tests.bundles.importing import options
from tests.performance.plans import plan_with_values

REPORTER = Reporter("XI-TEST-1", "Test organisation", "40")


def activity_schema() -> etree.XMLSchema:
    spec = importlib.util.find_spec("iati")
    assert spec is not None and spec.submodule_search_locations, "make install adds pyIATI"
    root = Path(next(iter(spec.submodule_search_locations)))
    xsd = root / "resources" / "standard" / "2-03" / "schemas" / "iati-activities-schema.xsd"
    return etree.XMLSchema(etree.parse(str(xsd)))


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    return activity_schema()


def validated(schema: etree.XMLSchema, content: bytes) -> etree._Element:
    document = etree.fromstring(content)
    assert schema.validate(document), schema.error_log
    return document


def test_the_demo_results_framework_is_valid_iati(
    graph: Graph, settings: Settings, schema: etree.XMLSchema
) -> None:
    load_seed(graph, "demo", settings)
    document = validated(schema, iati_activities(graph, REPORTER))
    assert document.get("version") == "2.03"
    activities = document.findall("iati-activity")
    # the strategic plan holds the outcomes and the operational plan the output
    assert sorted(a.findtext("iati-identifier") for a in activities) == [
        "XI-TEST-1-demo-plan-operational",
        "XI-TEST-1-demo-plan-strategic",
    ]
    indicators = {i.findtext("title/narrative"): i for i in document.iter("indicator")}
    fibre = indicators["Synthetic demo: indicator 1.1, fibre built"]
    assert (fibre.get("measure"), fibre.get("ascending")) == ("1", "1")
    assert fibre.find("baseline").attrib == {"year": "2023", "value": "1000"}
    periods = fibre.findall("period")
    assert [p.find("period-start").get("iso-date") for p in periods] == [
        "2024-01-01",
        "2025-01-01",
        "2026-01-01",
        "2027-01-01",
    ]
    assert [t.get("value") for t in periods[1].findall("target")] == ["1600"]
    assert [a.get("value") for a in periods[1].findall("actual")] == ["1650"]
    outage = indicators["Synthetic demo: indicator 1.2, mean outage duration"]
    assert outage.get("ascending") == "0"
    participants = indicators[
        "Synthetic demo: indicator 2.1, participants from developing countries"
    ]
    dimensions = [
        (d.get("name"), d.get("value"), d.getparent().get("value"))
        for d in participants.iter("dimension")
    ]
    assert dimensions == [("gender", "female", "150"), ("gender", "male", "180")]
    strategy = indicators["Synthetic demo: indicator 4.2, national digital strategy adopted"]
    assert strategy.get("measure") == "5"
    said = [p.findtext("actual/comment/narrative") for p in strategy.findall("period")]
    assert said == [
        "status amber (set by a person); draft strategy out for consultation",
        "status green (set by a person); strategy adopted by the cabinet",
    ]
    result_types = {
        r.findtext("title/narrative")[:5]: r.get("type") for r in document.iter("result")
    }
    assert result_types["DO1.1"] == "2" and result_types["DOP1 "] == "1"


def test_results_in_no_plan_make_an_activity_of_their_own(
    graph: Graph, schema: etree.XMLSchema
) -> None:
    import_bundle(graph, plan_with_values(), options())
    document = validated(schema, iati_activities(graph, REPORTER))
    (activity,) = document.findall("iati-activity")
    assert activity.findtext("iati-identifier") == "XI-TEST-1-results-in-no-plan"
    assert [r.findtext("title/narrative") for r in activity.findall("result")] == [
        "O1 Outcome out-1",
        "O2 Outcome out-2",
        "O3 Outcome out-3",
    ]


def test_an_empty_graph_gives_an_empty_but_valid_file(
    graph: Graph, schema: etree.XMLSchema
) -> None:
    document = etree.fromstring(iati_activities(graph, REPORTER))
    assert document.tag == "iati-activities" and len(document) == 0
