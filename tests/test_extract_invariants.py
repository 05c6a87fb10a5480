"""Extraction never crashes and its records always satisfy the invariants the shapes check."""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from claimgraph.extraction import extract, load_nlp
from claimgraph.records import Article, Extraction

PIECES = st.sampled_from(
    [
        '"',
        "“",
        "”",
        "''",
        " said ",
        "\n",
        " he ",
        "Anna Berg",
        " according to ",
        ", ",
        "The police chief",
        " Twitter-owned Periscope ",
        "more than 3,000",
        ". ",
        "  ",
        "—",
    ]
)
TEXTS = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(PIECES, st.text(max_size=12)), max_size=60).map("".join),
)


def check(x: Extraction) -> None:
    text = x.article.text
    keys = [e.key for e in x.entities]
    assert len(keys) == len(set(keys))
    known = set(keys)

    def ok(span: tuple[int, int] | None) -> None:
        if span is not None:
            assert 0 <= span[0] < span[1] <= len(text), span

    for e in x.entities:
        for m in e.mentions:
            ok(m)
    for c in x.claims:
        assert c.content
        for s in c.content:
            ok(s)
            assert text[s[0] : s[1]].strip()
        ok(c.cue)
        ok(c.source_span)
        assert c.speaker is None or c.speaker in known
        assert c.reported_by is None or c.reported_by in known
    for r in x.roles:  # an office whose organisation the text does not name has none
        assert r.person in known
        assert r.organization is None or r.organization in known
        ok(r.evidence)
    for o in x.ownerships:
        assert {o.owner, o.owned} <= known
        ok(o.evidence)
    claims = {c.key for c in x.claims}
    for obs in x.observations:
        assert obs.claim in claims
        ok(obs.span)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
@example("chef T0-q0")  # a role whose organisation the text does not name
def test_random_text_satisfies_invariants(text: str) -> None:
    check(extract(Article(id="h", text=text), nlp=load_nlp()))


def test_long_sentence() -> None:
    text = "Anna Berg said that " + ", and ".join(["the river rose"] * 400) + "."
    check(extract(Article(id="long", text=text), nlp=load_nlp()))


def test_unclosed_quotes() -> None:
    text = 'He said "this never ends\nAnother line "with a stray mark\n"And one more'
    check(extract(Article(id="q", text=text), nlp=load_nlp()))
