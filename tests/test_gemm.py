"""The model multiplies matrices with numpy's BLAS, on one thread, and annotates as it did."""

from __future__ import annotations

import functools
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc
from thinc.api import get_current_ops
from threadpoolctl import ThreadpoolController

from claimgraph.errors import InputError
from claimgraph.extraction import MODEL, extract, extract_many, load_nlp
from claimgraph.extraction._speedups.gemm import (
    GEMM_VAR,
    THREAD_VARS,
    gemm_backend,
    model_ops,
)
from claimgraph.graph.store._kg import KnowledgeGraph
from claimgraph.ingestion._parallel import WorkerPool
from claimgraph.ingestion._pipeline import ingest
from claimgraph.records import Article
from tests.builders import HARBOUR_TEXT
from tests.test_attrs import TEXTS

PROBE = "claimgraph_test_blas_threads"
SEEN: list[int] = []


def blas_threads() -> int:
    return max(
        lib.num_threads for lib in ThreadpoolController().select(user_api="blas").lib_controllers
    )


@Language.component(PROBE)
def _probe(doc: Doc) -> Doc:
    """Remembers how many threads numpy's BLAS has while the pipeline runs."""
    SEEN.append(blas_threads())
    return doc


def full_annotations(doc: Doc) -> list[tuple[object, ...]]:
    return [
        (t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i, t.ent_iob_,
         t.ent_type_, t.is_sent_start)
        for t in doc
    ]  # fmt: skip


def blis_layers(nlp: Language) -> list[str]:
    """The thinc layers of the model that multiply with BLIS, as ``pipe:layer``."""
    return sorted(
        f"{name}:{'upper' if node is pipe.model.maybe_get_ref('upper') else node.name}"
        for name, pipe in nlp.pipeline
        if getattr(pipe, "model", None) is not None
        for node in pipe.model.walk()
        if getattr(node.ops, "use_blis", False)
    )


# spaCy makes the transition models' output layer on CPU ops of its own (``use_ops("cpu")``):
# its C code reads those weights and multiplies in BLIS one transition at a time, whatever ops.
SPACYS_OWN = ["ner:upper", "parser:upper"]


def test_the_models_layers_multiply_with_numpy_and_thincs_ops_are_left_alone(
    nlp: Language, stock: Language
) -> None:
    assert len(blis_layers(stock)) > 100  # the stock model: BLIS everywhere
    assert blis_layers(nlp) == SPACYS_OWN
    before = get_current_ops()
    with model_ops({}):
        loaded = spacy.load(MODEL)
    assert blis_layers(loaded) == SPACYS_OWN
    assert get_current_ops() is before
    assert getattr(before, "use_blis", True) is True  # spaCy's own default outside the model


@pytest.fixture(scope="module")
def stock() -> Language:
    return spacy.load(MODEL)


def test_annotations_are_the_stock_ones_token_by_token(stock: Language) -> None:
    with model_ops({}):
        fast = spacy.load(MODEL)
    for text in TEXTS:
        assert full_annotations(fast(text)) == full_annotations(stock(text))


def test_blis_is_kept_when_asked_for(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(GEMM_VAR, " Blis ")
    assert gemm_backend() == "blis"
    assert len(blis_layers(load_nlp.__wrapped__())) > 100
    monkeypatch.setenv(GEMM_VAR, "")
    assert gemm_backend() == "numpy"


def test_an_unknown_library_is_refused_by_name(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(InputError) as caught:
        gemm_backend({GEMM_VAR: "mkl"})
    assert caught.value.source == GEMM_VAR
    assert "'mkl'" in caught.value.problem
    assert "numpy or blis" in caught.value.problem
    monkeypatch.setenv(GEMM_VAR, "openblas")
    with pytest.raises(InputError, match="'openblas'"):
        load_nlp.__wrapped__()


@pytest.fixture(scope="module")
def probed() -> Language:
    """The pipeline as claimgraph loads it, plus a component that looks at BLAS's threads."""
    nlp = load_nlp.__wrapped__()
    nlp.add_pipe(PROBE, last=True)
    return nlp


@pytest.fixture
def two_threads() -> Iterator[None]:
    with ThreadpoolController().limit(limits=2, user_api="blas"):
        assert blas_threads() == 2
        yield
    SEEN.clear()


ARTICLES = [
    Article(id="a", text="Ann Lee, the mayor, said the bridge would open in May."),
    Article(id="b", text="The council said it had no money, according to Tom Reed."),
]


@pytest.mark.usefixtures("two_threads")
def test_the_library_parses_with_the_callers_own_blas_threads(probed: Language) -> None:
    """No process-wide setting from the library: a notebook or a service keeps its count."""
    assert extract(ARTICLES[0], nlp=probed).claims
    got = [ex.article.id for ex in extract_many(ARTICLES, nlp=probed, batch_size=1)]
    assert got == ["a", "b"]
    assert SEEN == [2, 2, 2]
    assert blas_threads() == 2


ONE_THREAD = (
    "from claimgraph.cli._process import tune_process; tune_process(); import numpy; "
    "from threadpoolctl import threadpool_info; "
    "print(sorted({i['num_threads'] for i in threadpool_info() if i['user_api'] == 'blas'}))"
)


def test_the_command_lines_process_runs_blas_on_one_thread_unless_the_user_chose() -> None:
    env = {k: v for k, v in os.environ.items() if k not in THREAD_VARS}
    run = functools.partial(
        subprocess.run, [sys.executable, "-c", ONE_THREAD], capture_output=True, text=True
    )
    assert run(env=env).stdout.strip() == "[1]"
    assert run(env={**env, "OPENBLAS_NUM_THREADS": "2"}).stdout.strip() == "[2]"


STUB = "tests.test_parallel:stub_extract"
CLAIMGRAPH = str(Path(sys.executable).with_name("claimgraph"))


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_batch_with_an_unknown_library_stops_before_it_stores_anything(
    tmp_path: Path, workers: str
) -> None:
    """In a new process, as a user meets it (this one has the model loaded already)."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for art in ARTICLES:
        (corpus / f"{art.id}.txt").write_text(art.text, encoding="utf-8")
    store = tmp_path / "store"
    env = {**os.environ, GEMM_VAR: "mkl"}
    proc = subprocess.run(
        [CLAIMGRAPH, "ingest", str(corpus), "--store", str(store), "--workers", workers, "--quiet"],
        capture_output=True, text=True, env=env, timeout=300, check=False,
    )  # fmt: skip
    assert proc.returncode == 2, proc.stderr
    assert f"{GEMM_VAR}: 'mkl' is not a matrix-product library" in proc.stderr
    assert "rejected" not in proc.stdout + proc.stderr  # one error, not one per article
    with KnowledgeGraph.open(store) as kg:
        assert kg.articles() == []


def test_a_worker_pool_refuses_an_unknown_library(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(GEMM_VAR, "mkl")
    with pytest.raises(InputError, match=f"{GEMM_VAR}: 'mkl'"):
        WorkerPool(2)
    WorkerPool(2, extractor=STUB).close()  # an outside extractor does not use the setting


def test_an_outside_extractor_does_not_need_the_setting(
    monkeypatch: pytest.MonkeyPatch, kg: KnowledgeGraph
) -> None:
    monkeypatch.setenv(GEMM_VAR, "mkl")
    arts = [Article(id=f"h-{i}", text=HARBOUR_TEXT) for i in range(2)]
    assert ingest(kg, arts, extractor=STUB).added == 2
