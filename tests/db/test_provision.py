from __future__ import annotations

from pathlib import Path

import pytest

from app.core.errors import DatabaseUnavailable
from app.db.provision import TargetKind, neo4j_uri, provide_neo4j, running_neo4j_uri
from tests.conftest import base_settings


def test_configured_uri_wins_and_nothing_is_started() -> None:
    settings = base_settings(neo4j_uri="neo4j+s://cluster.example:7687", neo4j_user="u")
    with provide_neo4j(settings, allow_container=True) as target:
        assert target.kind is TargetKind.configured
        assert target.uri == "neo4j+s://cluster.example:7687"
        assert target.auth[0] == "u"
        assert target.started_here is False
        assert target.local is None


def test_the_service_and_the_cli_connect_where_provision_says(tmp_path: Path) -> None:
    configured = base_settings(neo4j_uri="neo4j://cluster.example:7687")
    assert neo4j_uri(configured) == running_neo4j_uri(configured) == "neo4j://cluster.example:7687"
    local = base_settings(local_bolt_port=17687, local_instance_dir=tmp_path)
    assert neo4j_uri(local) == "bolt://127.0.0.1:17687"


def test_a_command_without_a_configured_or_running_neo4j_is_told_how_to_start_one(
    tmp_path: Path,
) -> None:
    idle = base_settings(local_instance_dir=tmp_path)  # no server has a pid file there
    with pytest.raises(DatabaseUnavailable) as caught:
        running_neo4j_uri(idle)
    assert "rbmtrace neo4j start" in caught.value.extra["hint"]
