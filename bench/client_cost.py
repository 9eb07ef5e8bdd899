"""What the concurrency run's load generator costs by itself: CPU per request of httpx's
AsyncClient against `LeanConnection` (bench.query_latency), both against a tiny asyncio
server in the same process that answers every GET with a fixed 4.5 kB JSON body.

    .venv/bin/python -m bench.client_cost [--requests 3000] [--clients 30]

The figures are process CPU (client and the tiny server together) per request; the server's
part is the same for both, so the difference is the client's. On the 2-core machine the
load generator shares the cores with the service and Neo4j, so a costly client lowers the
HTTP side's requests/s and not the raw driver's.
"""

from __future__ import annotations

import argparse
import asyncio
import time

import httpx

from bench.query_latency import LeanConnection

BODY = b'{"status":"ok"}' * 300
ANSWER = (
    b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: %d\r\n\r\n" % len(BODY)
    + BODY
)


async def _serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while True:
            await reader.readuntil(b"\r\n\r\n")
            writer.write(ANSWER)
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        writer.close()


async def _measure(requests: int, clients: int) -> dict[str, tuple[float, float]]:
    server = await asyncio.start_server(_serve, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    each = requests // clients
    found: dict[str, tuple[float, float]] = {}

    async def with_httpx(client: httpx.AsyncClient) -> None:
        for _ in range(each):
            (await client.get("/x")).raise_for_status()

    async def with_lean() -> None:
        connection = LeanConnection("127.0.0.1", port, timeout=30)
        for _ in range(each):
            status, _ = await connection.get("/x")
            assert status == 200
        connection.close()

    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
        cpu, wall = time.process_time(), time.perf_counter()
        await asyncio.gather(*(with_httpx(client) for _ in range(clients)))
        found["httpx.AsyncClient"] = (time.process_time() - cpu, time.perf_counter() - wall)
    cpu, wall = time.process_time(), time.perf_counter()
    await asyncio.gather(*(with_lean() for _ in range(clients)))
    found["LeanConnection"] = (time.process_time() - cpu, time.perf_counter() - wall)
    server.close()
    await server.wait_closed()
    return found


def main() -> None:
    parser = argparse.ArgumentParser(prog="bench.client_cost", description=__doc__)
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--clients", type=int, default=30)
    args = parser.parse_args()
    done = args.requests // args.clients * args.clients
    for name, (cpu, wall) in asyncio.run(_measure(args.requests, args.clients)).items():
        print(
            f"{name:18} CPU {cpu / done * 1000:.3f} ms per request, "
            f"{done / wall:,.0f} requests/s ({done} requests, {args.clients} clients)"
        )


if __name__ == "__main__":
    main()
