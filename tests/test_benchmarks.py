"""Every benchmark command starts: its imports still resolve after the package's modules move.

The benchmarks are commands, not tests (speed is never asserted here); this only runs each one's
``--help``, which imports what it measures.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
COMMANDS = sorted(p.name for p in (ROOT / "benchmarks").glob("[a-z]*.py"))


def test_the_benchmarks_are_found() -> None:
    assert {"query_scale.py", "query_speed.py", "ingest_throughput.py"} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_a_benchmark_command_starts(command: str) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / command), "--help"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert "usage" in run.stdout.lower()
