"""bench/cpu.py: the CPU accounting the concurrency benchmark reports per request."""

from __future__ import annotations

import os
import subprocess
import sys

from bench import cpu

BURN = "import time\nend = time.process_time() + 0.3\nwhile time.process_time() < end: pass\n"


def test_a_child_group_and_this_process_are_accounted_separately() -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", BURN + "input()"], start_new_session=True, stdin=subprocess.PIPE
    )
    try:
        with cpu.accounted(
            {"child": lambda: cpu.group_seconds(child.pid), "me": cpu.own_seconds}
        ) as account:
            end = os.times().user + 0.2
            while os.times().user < end:
                pass
            # the child has burnt its 0.3 s once it waits for input: wait for that
            while cpu.process_seconds(child.pid) < 0.3:
                pass
    finally:
        child.communicate(b"\n", timeout=10)
    spent = account["cpu_seconds"]
    assert spent["child"] >= 0.25, spent
    assert spent["me"] >= 0.2, spent
    assert account["wall_seconds"] > 0 and account["cores"] == os.cpu_count()
    per = cpu.per_request_ms(account, 10)
    assert per["child"] == round(spent["child"] * 100, 2)
    assert per["total"] == round((spent["child"] + spent["me"]) * 100, 2)


def test_a_process_that_has_ended_counts_nothing() -> None:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    assert cpu.process_seconds(child.pid) == 0.0
    assert cpu.process_seconds(None) == 0.0
    assert cpu.per_request_ms({"cpu_seconds": {"a": 1.0}}, 0) == {"a": None, "total": None}
