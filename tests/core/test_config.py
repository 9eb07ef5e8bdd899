from __future__ import annotations

import pytest
from pydantic import ValidationError

from app.core.config import LOCAL_DEFAULT_PASSWORD, Environment, Settings


def make(**env: str) -> Settings:
    return Settings(_env_file=None, **env)  # type: ignore[call-arg]


def test_defaults_use_the_local_server(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEO4J_URI", raising=False)
    settings = make()
    assert settings.neo4j_uri is None
    assert settings.neo4j_auth == ("neo4j", LOCAL_DEFAULT_PASSWORD)
    assert settings.host == "127.0.0.1"
    assert settings.port == 8000
    assert settings.environment is Environment.development


def test_conventional_neo4j_variables_are_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEO4J_URI", "neo4j+s://abc.databases.example:7687")
    monkeypatch.setenv("NEO4J_USERNAME", "alice")
    monkeypatch.setenv("NEO4J_PASSWORD", "s3cret-pass")
    monkeypatch.setenv("NEO4J_DATABASE", "plans")
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.neo4j_uri == "neo4j+s://abc.databases.example:7687"
    assert settings.neo4j_auth == ("alice", "s3cret-pass")
    assert settings.neo4j_database == "plans"
    assert "s3cret-pass" not in repr(settings)


def test_dotenv_file_is_read(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("NEO4J_URI", raising=False)
    env_file = tmp_path / ".env"
    env_file.write_text("NEO4J_URI=bolt://db.internal:7687\nRBMTRACE_PORT=9001\n")
    settings = Settings(_env_file=env_file)  # type: ignore[call-arg]
    assert settings.neo4j_uri == "bolt://db.internal:7687"
    assert settings.port == 9001


def test_api_keys_are_split_from_one_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RBMTRACE_API_KEYS", "ana:editor:k1, bob:reader:k2")
    keys = Settings(_env_file=None).api_keys  # type: ignore[call-arg]
    assert [k.get_secret_value() for k in keys] == ["ana:editor:k1", "bob:reader:k2"]
    assert "k1" not in repr(keys) and "k1" not in repr(Settings(_env_file=None))  # type: ignore[call-arg]


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({}, "NEO4J_URI must be set"),
        ({"neo4j_uri": "bolt://db:7687"}, "NEO4J_PASSWORD must be set"),
        (
            {"neo4j_uri": "bolt://db:7687", "neo4j_password": "strong-password"},
            "RBMTRACE_API_KEYS must be set",
        ),
    ],
)
def test_production_refuses_unsafe_defaults(env: dict[str, str], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        make(environment="production", **env)


def test_production_accepts_explicit_settings() -> None:
    settings = make(
        environment="production",
        neo4j_uri="neo4j://cluster:7687",
        neo4j_password="strong-password",
        api_keys="ops:admin:long-random-key",
    )
    assert settings.environment is Environment.production
