"""The body size limit holds for the request as a whole, however it is framed: declared
length, chunked raw body, chunked multipart with several parts. Nothing past the limit is
buffered, and the graph is unchanged."""

from __future__ import annotations

import socket
from collections.abc import Iterator

from app.api.request_limits import MULTIPART_OVERHEAD
from app.core.config import Settings
from app.db.graph import Graph
from tests.api.api_keys import API_KEYS, EDITOR, EDITOR_SECRET, keyed_client
from tests.live_service import live_service

LIMIT = 256 * 1024
PART = b"x" * (200 * 1024)  # each part is under the limit, three of them are not
BOUNDARY = "hostile-boundary"


def multipart_chunks() -> Iterator[bytes]:
    for index in range(3):
        yield (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="part{index}.yaml"\r\nContent-Type: application/yaml\r\n\r\n'
        ).encode()
        for start in range(0, len(PART), 16 * 1024):
            yield PART[start : start + 16 * 1024]
        yield b"\r\n"
    yield f"--{BOUNDARY}--\r\n".encode()


def test_a_declared_length_over_the_limit_is_refused_unread(
    graph: Graph, settings: Settings
) -> None:
    with keyed_client(settings, max_import_bytes=LIMIT) as api:
        answer = api.post(
            "/api/v1/elements",
            content=b"{" + b" " * (LIMIT + MULTIPART_OVERHEAD) + b"}",
            headers={**EDITOR, "Content-Type": "application/json"},
        )
    assert answer.status_code == 413, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    assert "RBMTRACE_MAX_IMPORT_BYTES" in answer.json()["hint"]
    assert graph.counts() == (0, 0)


def test_chunked_bodies_over_the_limit_are_413_in_process(graph: Graph, settings: Settings) -> None:
    with keyed_client(settings, max_import_bytes=LIMIT) as api:
        multipart = api.post(
            "/api/v1/import",
            content=multipart_chunks(),
            headers={**EDITOR, "Content-Type": f"multipart/form-data; boundary={BOUNDARY}"},
        )
        raw = api.post(
            "/api/v1/import",
            content=(b"# yaml\n" + PART for _ in range(3)),
            headers={**EDITOR, "Content-Type": "application/yaml"},
        )
        element = api.post(
            "/api/v1/elements",
            content=(b" " * 100_000 for _ in range(5)),
            headers={**EDITOR, "Content-Type": "application/json"},
        )
    for answer in (multipart, raw, element):
        assert answer.status_code == 413, answer.text
        assert answer.json()["type"] == "urn:rbmtrace:problem:payload-too-large"
    assert graph.counts() == (0, 0)


def _chunk(data: bytes) -> bytes:
    return f"{len(data):x}\r\n".encode() + data + b"\r\n"


def test_chunked_multipart_over_a_real_socket_is_cut_off_at_the_limit(
    graph: Graph, settings: Settings
) -> None:
    """Three parts, each under the limit, sent with Transfer-Encoding: chunked: the server
    answers 413 before the client has sent them all."""
    keyed = settings.model_copy(update={"api_keys": API_KEYS, "max_import_bytes": LIMIT})
    with live_service(keyed) as base:
        port = int(base.rsplit(":", 1)[1])
        sent = 0
        with socket.create_connection(("127.0.0.1", port), timeout=30) as conn:
            conn.sendall(
                (
                    "POST /api/v1/import HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    f"X-API-Key: {EDITOR_SECRET}\r\n"
                    f"Content-Type: multipart/form-data; boundary={BOUNDARY}\r\n"
                    "Transfer-Encoding: chunked\r\n\r\n"
                ).encode()
            )
            try:
                for piece in multipart_chunks():
                    conn.sendall(_chunk(piece))
                    sent += len(piece)
                conn.sendall(b"0\r\n\r\n")
            except (BrokenPipeError, ConnectionResetError):
                pass  # the server stopped reading once the limit was passed
            reply = b""
            while b"\r\n\r\n" not in reply:
                data = conn.recv(65536)
                if not data:
                    break
                reply += data
    status_line = reply.split(b"\r\n", 1)[0]
    assert b" 413 " in status_line, reply[:500]
    assert sent <= 3 * len(PART) + 1024
    assert graph.counts() == (0, 0)
