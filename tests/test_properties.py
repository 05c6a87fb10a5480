"""Property-based tests (hypothesis) over the readers and the extractor.

Whatever the input (random Unicode, random bytes, stray quote marks, very long sentences and
paragraphs), a reader returns an article or an :class:`InputError`, and the extractor's graph
is stored whole (it passes the SHACL shapes) or refused whole with a typed error and nothing
stored. Nothing else may happen: no other exception, no invalid graph in the store.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st

from claimgraph.errors import InputError, ShapeViolationError
from claimgraph.extraction import extract
from claimgraph.graph.shacl._validation import validate_graph
from claimgraph.graph.store._kg import KnowledgeGraph
from claimgraph.loaders._mapping import article_graph
from claimgraph.loaders._readers import iter_articles, read_html, read_jsonl, read_text
from claimgraph.records import Article

EXAMPLES = 40
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

unicode_text = st.text(st.characters(codec="utf-8"), max_size=400)  # no lone surrogates
QUOTES = ['"', "'", "“", "”", "‘", "’", "«", "»", "„", "‹", "›", "``", "''"]
WORDS = [
    "said", "says", "told", "according", "to", "added", "warned", "claimed", "reported", "the",
    "police", "chief", "Simon", "Bailey", "he", "she", "they", "it", "Guardian", "NSPCC",
    "Twitter", "owns", "Periscope", "owned", "by", "head", "of", "20,000", "31%", "in", "2017",
    "up", "from", "6,000", "—", "-", ":", ";", ",", ".", "?", "!", "(", ")", "\n", "\n\n",
    "Mr", "Ms.", "Dr.", "U.S.", "a", "source", "officials", "spokesperson", "Zoë", "北京", "🙂",
]  # fmt: skip
tokens = st.lists(st.sampled_from(WORDS + QUOTES), min_size=1, max_size=120)
newsy_text = tokens.map(" ".join)
long_sentence = st.lists(st.sampled_from(WORDS[:40] + QUOTES), min_size=400, max_size=1500).map(
    lambda ws: "The official said " + " ".join(w for w in ws if w not in (".", "?", "!")) + "."
)
long_paragraph = st.lists(newsy_text, min_size=20, max_size=60).map(lambda ps: " ".join(ps))
any_text = st.one_of(unicode_text, newsy_text)


def _tmp() -> Path:
    return Path(tempfile.mkdtemp(prefix="cg-prop-"))


# ------------------------------------------------------------------------------------ readers


@SETTINGS
@given(data=st.one_of(st.binary(max_size=600), any_text.map(lambda t: t.encode("utf-8"))))
def test_read_text_returns_an_article_or_an_input_error(data: bytes) -> None:
    path = _tmp() / "in.txt"
    path.write_bytes(data)
    try:
        article = read_text(path)
    except InputError as exc:
        assert exc.source == str(path)
        assert exc.problem
        return
    assert article.text.strip()
    assert article.text in data.decode("utf-8-sig")
    article.text.encode("utf-8")  # valid Unicode all through


@SETTINGS
@given(
    lines=st.lists(
        st.one_of(
            any_text,
            st.builds(lambda i, t: json.dumps({"id": i, "text": t}), any_text, any_text),
            st.builds(
                lambda i, t, m: json.dumps({"id": i, "text": t, "meta": m}),
                st.one_of(st.integers(), st.text(max_size=5), st.none(), st.booleans()),
                any_text,
                st.dictionaries(st.sampled_from(["publisher", "date", "credits", "x"]), any_text),
            ),
            st.builds(lambda t: json.dumps({"id": "u", "text": t}, ensure_ascii=True), any_text),
            st.text(alphabet='{}[]":,\\u0123456789abcdef ', max_size=60),
        ),
        max_size=8,
    )
)
def test_read_jsonl_yields_articles_or_input_errors_per_line(lines: list[str]) -> None:
    path = _tmp() / "in.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    items = list(read_jsonl(path))
    assert items
    for item in items:
        assert isinstance(item, (Article, InputError))
        if isinstance(item, InputError):
            assert item.source.startswith(str(path))
        else:
            item.text.encode("utf-8")
            assert item.id.strip()


@SETTINGS
@given(
    body=any_text,
    wrap=st.sampled_from(["<p>{}</p>", "<html><body><article>{}</article></body></html>", "{}"]),
)
def test_read_html_returns_an_article_or_an_input_error(body: str, wrap: str) -> None:
    path = _tmp() / "page.html"
    path.write_text(wrap.format(body * 3), encoding="utf-8")
    try:
        article = read_html(path)
    except InputError as exc:
        assert exc.source == str(path)
        return
    assert article.text.strip()


@SETTINGS
@given(
    names=st.lists(
        st.tuples(
            st.sampled_from(["a.txt", "b.jsonl", "c.html", "d.pdf", "e", "f.md", ".hidden.txt"]),
            st.binary(max_size=200),
        ),
        max_size=5,
    )
)
def test_iter_articles_never_raises(names: list[tuple[str, bytes]]) -> None:
    root = _tmp()
    for n, (name, data) in enumerate(names):
        (root / f"{n}{name}").write_bytes(data)
    for item in iter_articles([root, root / "missing.txt"]):
        assert isinstance(item, (Article, InputError))


# ---------------------------------------------------------------------------------- extractor


def _stored_or_refused(text: str) -> None:
    """Extract and store ``text``: the graph passes the shapes, is stored whole, and validates
    again once stored. (Typed errors are the only other outcome the readers allow; the extractor
    itself must always produce a conforming graph.)
    """
    ex = extract(Article(id="prop", text=text, publisher="Prop Wire"))
    with KnowledgeGraph.memory() as kg:
        try:
            assert kg.add(ex).status == "added"
        except ShapeViolationError as exc:  # pragma: no cover - a failure, with its reasons
            raise AssertionError(f"extractor produced a non-conforming graph: {exc}") from exc
        assert all(r.conforms for r in kg.validate().values())
        event("stored")
    assert validate_graph(article_graph(ex)).conforms


@SETTINGS
@given(text=any_text.filter(lambda t: t.strip() != ""))
def test_extractor_on_random_text_is_stored_or_refused(text: str) -> None:
    _stored_or_refused(text)


@SETTINGS
@given(
    text=st.builds(
        lambda speaker, quote, tail, q1, q2: f"{speaker} said {q1}{quote}{q2} {tail}",
        st.sampled_from(["Bailey", "The police chief", "She", "A source", "Officials"]),
        newsy_text,
        newsy_text,
        st.sampled_from(QUOTES),
        st.sampled_from([*QUOTES, ""]),
    )
)
def test_extractor_with_stray_quote_marks_is_stored_or_refused(text: str) -> None:
    _stored_or_refused(text)


@settings(
    max_examples=10,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],  # shrinking 1,500 words takes minutes
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(text=st.one_of(long_sentence, long_paragraph))
def test_extractor_on_very_long_sentences_and_paragraphs_is_stored_or_refused(text: str) -> None:
    _stored_or_refused(text)
