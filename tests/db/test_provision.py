from __future__ import annotations

from app.db.provision import TargetKind, provide_neo4j
from tests.conftest import base_settings


def test_configured_uri_wins_and_nothing_is_started() -> None:
    settings = base_settings(neo4j_uri="neo4j+s://cluster.example:7687", neo4j_user="u")
    with provide_neo4j(settings, allow_container=True) as target:
        assert target.kind is TargetKind.configured
        assert target.uri == "neo4j+s://cluster.example:7687"
        assert target.auth[0] == "u"
        assert target.started_here is False
        assert target.local is None
