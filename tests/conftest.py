"""Shared fixtures: stores, a hand-made extraction, the spaCy model, an Oxigraph server."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import settings
from spacy.language import Language

from claimgraph.extraction import load_nlp
from claimgraph.graph.store._kg import KnowledgeGraph
from claimgraph.records import Extraction
from tests.builders import harbour_extraction

# CI runs a fixed, reproducible set of generated examples; local runs explore new ones each time.
settings.register_profile("ci", derandomize=True, database=None)
settings.load_profile("ci" if os.environ.get("CI") else "default")


@pytest.fixture
def extraction() -> Extraction:
    """A complete hand-made extraction (see tests/builders.py)."""
    return harbour_extraction()


@pytest.fixture
def kg() -> Iterator[KnowledgeGraph]:
    """An empty in-memory store."""
    with KnowledgeGraph.memory() as store:
        yield store


@pytest.fixture
def disk_kg(tmp_path: Path) -> Iterator[KnowledgeGraph]:
    """An empty on-disk store in a temporary folder."""
    with KnowledgeGraph.open(tmp_path / "store") as store:
        yield store


def pytest_configure(config: pytest.Config) -> None:
    """No test, nor a worker process it starts, sees the developer's remote-store logins, AWS
    keys, store settings, ``~/.netrc``, ``~/.aws/credentials``, ``~/.aws/config`` or the EC2
    instance's role."""
    for var in list(os.environ):
        if var == "CLAIMGRAPH_STORE" or var.startswith(("CLAIMGRAPH_STORE_", "AWS_")):
            del os.environ[var]
    os.environ["NETRC"] = os.devnull  # not a regular file: read as no entries
    os.environ["AWS_SHARED_CREDENTIALS_FILE"] = os.devnull
    os.environ["AWS_CONFIG_FILE"] = os.devnull
    os.environ["AWS_EC2_METADATA_DISABLED"] = "true"  # no probe of 169.254.169.254


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def oxigraph_binary() -> str:
    """Path of the ``oxigraph`` server binary installed with the ``oxigraph`` package."""
    exe = Path(sys.executable).with_name("oxigraph")
    found = str(exe) if exe.exists() else shutil.which("oxigraph")
    if not found:
        raise RuntimeError("the oxigraph server binary is not installed (pip install oxigraph)")
    return found


def wait_http(url: str, timeout: float = 20.0) -> None:
    """Wait until ``url`` answers HTTP (any status), or fail."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer within {timeout} s")


@pytest.fixture
def oxigraph_server(tmp_path: Path) -> Iterator[Callable[..., str]]:
    """Start real Oxigraph servers on localhost; returns ``start(read_only=False) -> base URL``.

    Every server started is stopped at the end of the test.
    """
    procs: list[subprocess.Popen[bytes]] = []

    def start(*, read_only: bool = False, location: Path | None = None) -> str:
        port = free_port()
        loc = location or tmp_path / f"oxigraph-{port}"
        cmd = [oxigraph_binary(), "serve-read-only" if read_only else "serve"]
        cmd += ["--location", str(loc), "--bind", f"127.0.0.1:{port}"]
        if not read_only:
            cmd.append("--union-default-graph")
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        procs.append(proc)
        base = f"http://127.0.0.1:{port}"
        wait_http(base + "/")
        return base

    yield start
    for proc in procs:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


VIRTUOSO_INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx

[Parameters]
ServerPort = {sql}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
DirsAllowed = ., {dir}

[HTTPServer]
ServerPort = {http}
ServerRoot = {dir}
ServerThreads = 10

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
"""


@pytest.fixture(scope="module")
def virtuoso_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Virtuoso server (Debian's virtuoso-opensource-7) on localhost: its base URL.

    A new database (user ``dba``, password ``dba``: Virtuoso's defaults) in a temporary folder;
    ``/sparql`` queries, ``/sparql-auth`` also updates behind HTTP Digest, and
    ``/sparql-graph-crud-auth`` is its Graph Store Protocol endpoint. Stopped after the module.
    """
    exe = shutil.which("virtuoso-t")
    if exe is None:
        raise RuntimeError(
            "the Virtuoso server (virtuoso-t) is not installed: run `make system-deps` "
            "(Debian package virtuoso-opensource-7-bin)"
        )
    folder = tmp_path_factory.mktemp("virtuoso")
    sql = free_port()
    http = free_port()
    while http == sql:
        http = free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(dir=folder, sql=sql, http=http), encoding="utf-8")
    proc = subprocess.Popen(
        [exe, "+foreground", "+configfile", str(ini)],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{http}"
    try:
        wait_http(base + "/sparql", timeout=120)  # a new database takes a few seconds
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The spaCy model, loaded once per test session."""
    return load_nlp()


# `make test-fast` runs `pytest -m "not slow and not server and not browser"`: the inner loop.
# `make test` (and CI) runs everything. Modules are marked here, in one place, by what they need.
_MARKED_MODULES = {
    "server": {  # start an Oxigraph or Virtuoso server, or a local Dask cluster
        "test_remote.py",
        "test_remote_auth.py",
        "test_remote_neptune.py",
        "test_remote_retry.py",
        "test_remote_virtuoso.py",
        "test_queries_remote.py",
        "test_serve.py",
        "test_serve_page.py",
        "test_dask.py",
    },
    "browser": {"test_view.py", "test_serve_page.py"},  # headless Chromium
    "slow": {  # seconds each: subprocesses, worker pools, SIGKILLs, big stores, generated inputs
        "test_validation_scale.py",
        "test_crash.py",
        "test_properties.py",
        "test_cli_progress.py",
        "test_parallel.py",
        "test_concurrency.py",
        "test_resume.py",
        "test_reopen.py",
        "test_gemm.py",
        "test_attrs.py",
        "test_lemmas.py",
        "test_startup.py",
        "test_cli_errors.py",
        "test_leaks.py",
        "test_reliability_cli.py",
        "test_benchmarks.py",
    },
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        for marker, modules in _MARKED_MODULES.items():
            if item.path.name in modules:
                item.add_marker(marker)
        if {"oxigraph_server", "virtuoso_server"} & set(getattr(item, "fixturenames", ())):
            item.add_marker("server")
