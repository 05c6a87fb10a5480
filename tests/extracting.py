"""Helpers shared by the extractor tests (the spaCy model fixture is in conftest.py)."""

from __future__ import annotations

from spacy.language import Language

from claimgraph.extraction import extract
from claimgraph.records import Article, Claim, Extraction


def run(nlp: Language, text: str) -> Extraction:
    """Extract a short text written for a test; only its attributed claims are kept.

    The article's own (authorial) sentences, which the extractor also returns as claims, are
    left out with their observations: these tests are about attributed speech
    (``test_extract_authorial.py`` tests the authorial ones).
    """
    x = extract(Article(id="t", text=text), nlp=nlp)
    x.claims = [c for c in x.claims if c.kind != "authorial"]
    kept = {c.key for c in x.claims}
    x.observations = [o for o in x.observations if o.claim in kept]
    return x


def speaker(x: Extraction, claim: Claim) -> str | None:
    """The canonical name of a claim's speaker, or ``None``."""
    return x.entity(claim.speaker).name if claim.speaker else None


def text_of(x: Extraction, claim: Claim) -> str:
    """A claim's content, its spans joined by spaces."""
    return " ".join(x.article.text[s:e] for s, e in claim.content)


def only(x: Extraction, lemma: str) -> Claim:
    """The one claim whose cue has ``lemma`` (fails listing every claim when there is not one)."""
    found = [c for c in x.claims if c.cue_lemma == lemma]
    assert len(found) == 1, [(c.cue_lemma, text_of(x, c)) for c in x.claims]
    return found[0]
