"""The last step of extraction: no record that cannot become a sound graph leaves the extractor.

Rules a linguist would write down, applied to what the stages made:

- a span of a claim's content, a cue, a speaker mention, an entity mention or the evidence of a
  role or an ownership must hold some text: an empty span, or one of white space only, says
  nothing and is dropped (evidence becomes ``None``);
- a claim left with no content is no claim: it is dropped, with the numbers stated in it;
- two claims over the very same words are one claim: the later is dropped, and its numbers go
  to the first.

Example:
    >>> from claimgraph.records import Article, Claim, Extraction
    >>> c1 = Claim(key="c1", content=[(0, 2), (11, 13)], kind="indirect", cue=(3, 7))
    >>> c2 = Claim(key="c2", content=[(11, 13)], kind="indirect", cue=(7, 7))
    >>> ex = Extraction(article=Article(id="a", text="He said it.  "), claims=[c1, c2])
    >>> [(c.key, c.content, c.cue) for c in sound(ex).claims]
    [('c1', [(0, 2)], (3, 7))]
"""

from __future__ import annotations

from claimgraph.records import Claim, Extraction, Span

__all__ = ["sound"]


def sound(ex: Extraction) -> Extraction:
    """Drop, in place, what would make ``ex``'s graph unsound (see the module); return ``ex``."""
    text = ex.article.text

    def said(span: Span | None) -> Span | None:
        if span is None:
            return None
        start, end = span
        return span if 0 <= start < end <= len(text) and text[start:end].strip() else None

    kept: list[Claim] = []
    first: dict[tuple[Span, ...], str] = {}
    merged: dict[str, str | None] = {}  # claim key -> the key its numbers now belong to
    for claim in ex.claims:
        claim.content = [s for s in claim.content if said(s)]
        claim.cue, claim.source_span = said(claim.cue), said(claim.source_span)
        words = tuple(sorted(claim.content))
        if not words or words in first:
            merged[claim.key] = first.get(words)
            continue
        first[words] = claim.key
        kept.append(claim)
    ex.claims = kept
    for obs in ex.observations:
        obs.claim = merged.get(obs.claim, obs.claim) or ""
    ex.observations = [o for o in ex.observations if o.claim and said(o.span)]
    for entity in ex.entities:
        entity.mentions = [m for m in entity.mentions if said(m)]
    for role in ex.roles:
        role.evidence = said(role.evidence)
    for owning in ex.ownerships:
        owning.evidence = said(owning.evidence)
    return ex
