"""The article and its extraction records: plain dataclasses with offsets into the article text.

Extraction produces these and knows nothing of RDF; :mod:`claimgraph.loaders._mapping` turns them
into triples and is the only place that mints IRIs. Offsets are ``(start, end)`` pairs of Python
``str`` indices (code points) into :attr:`Article.text`, end exclusive.

Entities are referred to inside one extraction by their ``key`` (unique within the extraction).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Literal

__all__ = [
    "ACTS",
    "CLAIM_KINDS",
    "ENTITY_TYPES",
    "Article",
    "Claim",
    "ClaimKind",
    "Entity",
    "EntityType",
    "Extraction",
    "Observation",
    "Ownership",
    "Role",
    "Span",
]


@dataclass(frozen=True, kw_only=True)
class Article:
    """One article: the body text every offset refers to, and its metadata.

    Attributes:
        id: a stable identifier (a corpus id, a file name or a URL). Re-ingesting an article with
            the same id replaces its named graph.
        text: the body text. Offsets everywhere are Python ``str`` indices (code points).
        publisher: the outlet that published this text (for a wire story, the agency).
        date: the publication date as written or ISO 8601 (``"2017-12-30"``, ``"Dec 30"``).
        dateline: the place in the dateline (``"London"``).
        url: where the article was published.
        title: the headline.
        credits: outlets the article credits as its source (``"The Guardian"``).
        source: where it was read from (path, ``path:line``), for messages.

    Example:
        >>> a = Article(id="demo", text="Bailey said it was late.")
        >>> a.text[0:6]
        'Bailey'
    """

    id: str
    text: str
    publisher: str | None = None
    date: str | None = None
    dateline: str | None = None
    url: str | None = None
    title: str | None = None
    credits: tuple[str, ...] = field(default_factory=tuple)
    source: str | None = None

    @property
    def fingerprint(self) -> str:
        """A short hash of the text, used to tell a changed version from the same one."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()[:16]


Span = tuple[int, int]
EntityType = Literal[
    "Person", "Organization", "Platform", "Place", "NewsOutlet", "UnnamedSource", "Other"
]
ClaimKind = Literal["direct", "indirect", "mixed", "authorial"]
ACTS: tuple[str, ...] = ("speech", "thought", "intention", "evidence", "perception")
"""The attribution acts a claim can report (``../shared/spec/evaluation.md``)."""
ENTITY_TYPES: tuple[str, ...] = (
    "Person",
    "Organization",
    "Platform",
    "Place",
    "NewsOutlet",
    "UnnamedSource",
    "Other",
)
CLAIM_KINDS: tuple[str, ...] = ("direct", "indirect", "mixed", "authorial")


@dataclass(kw_only=True)
class Entity:
    """An actor, organisation, platform or place mentioned in the article.

    Attributes:
        key: identifier unique within one extraction (``"e1"``); records refer to entities by it.
        name: the canonical name (``"Simon Bailey"``, ``"National Police Chiefs' Council"``).
            For an unnamed source, its description (``"a source"``, ``"officials"``).
        type: one of :data:`ENTITY_TYPES`. ``NewsOutlet`` is an organisation that publishes news.
        mentions: every span that refers to it: names, titles, descriptions, resolved pronouns.
        aliases: other names (``"NPCC"``, ``"Bailey"``), also ones that never appear in the text.
        wikidata: a curated Wikidata QID (``"Q918"``) or ``None``.
    """

    key: str
    name: str
    type: EntityType
    mentions: list[Span] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    wikidata: str | None = None


@dataclass(kw_only=True)
class Claim:
    """Something said: who said it, how, and exactly where in the text.

    Attributes:
        key: identifier unique within one extraction.
        content: the spans of what was said (one or more; discontinuous content happens). For a
            direct quote, the span includes the quote marks.
        kind: ``direct``, ``indirect``, ``mixed`` or ``authorial`` (the article's own voice).
        cue: the span of the cue (``"said"``, ``"according to"``) or ``None``.
        cue_lemma: the cue's lemma (``"say"``) or ``None``.
        speaker: key of the speaking :class:`Entity`; ``None`` when no speaker could be
            identified. Mapping attributes an ``authorial`` claim to the publisher, and a claim
            with no speaker to an unnamed source.
        source_span: the speaker as written next to the cue (``"he"``, ``"Bailey"``), if any.
        reported_by: key of the outlet credited for this claim (``"the Guardian reported"``), or
            ``None`` when the article's publisher reports it first-hand.
        act: what the claim reports (keyword-only): ``speech`` (said or written: the default,
            as for every direct quote), ``thought``, ``intention``, ``evidence`` (what a
            document or data shows) or ``perception`` (:data:`ACTS`). An ``authorial`` claim is
            ``speech``: the publisher's own statement.
    """

    key: str
    content: list[Span]
    kind: ClaimKind
    cue: Span | None = None
    cue_lemma: str | None = None
    speaker: str | None = None
    source_span: Span | None = None
    reported_by: str | None = None
    act: str = field(default="speech", kw_only=True)


@dataclass(kw_only=True)
class Role:
    """A person holds a role at an organisation (``"lead on child protection"`` at the NPCC).

    ``organization`` is ``None`` for an office whose organisation the article does not name
    ("the Chancellor"): the role is then recorded with its title only.
    """

    person: str
    organization: str | None
    title: str
    evidence: Span | None = None
    source: str | None = None


@dataclass(kw_only=True)
class Ownership:
    """``owner`` owns ``owned`` (a company, a platform, a brand).

    ``evidence`` is a span of the article; a curated statement has ``source`` (a URL or citation)
    instead. ``share`` is the owner's stake in per cent when stated ("a 49% stake in"), else
    ``None`` (whole or unstated); ``since`` the date of the acquisition as written ("2019",
    "September 2005") when stated.
    """

    owner: str
    owned: str
    evidence: Span | None = None
    source: str | None = None
    share: float | None = None
    since: str | None = None


@dataclass(kw_only=True)
class Observation:
    """A figure stated in a claim (attributed, or the article's own voice).

    Attributes:
        claim: key of the :class:`Claim` it is stated in.
        value: the quantity with its scale (``20000.0``, ``31.0``, ``450000000.0`` for "£450m").
        measure: what is counted or measured (``"men interested in sexually abusing children"``).
        span: the surface form's span (``"more than 20,000"``).
        unit: an ISO 4217 code for money (``"GBP"``), ``"percent"``, ``"percentage points"``,
            ``"fraction"`` ("two-thirds" is 0.6667), the counted noun (``"referrals"``) or
            ``None``.
        qualifier: ``"more than"``, ``"estimated"``, ``"about"``... or ``None``.
        period: the period or date it is about (``"first 11 months of 2017"``) or ``None``.
        compared_to: the value it is compared with (``6000.0`` in "up from 6,000") or ``None``.
        compared_period: the period of ``compared_to`` (``"2010"``) or ``None``.
        compared_span: the span of the compared value, itself an observation, or ``None``.
        upper: the upper end of a range ("10-12 per cent": value 10, upper 12) or ``None``.
        change: ``"rise"`` or ``"fall"`` when the figure is a change ("fell 3.4 per cent": the
            value stays 3.4), else ``None``.
    """

    claim: str
    value: float
    measure: str
    span: Span
    unit: str | None = None
    qualifier: str | None = None
    period: str | None = None
    compared_to: float | None = None
    compared_period: str | None = None
    compared_span: Span | None = None
    upper: float | None = None
    change: str | None = None


@dataclass(kw_only=True)
class Extraction:
    """Everything extracted from one article."""

    article: Article
    entities: list[Entity] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    ownerships: list[Ownership] = field(default_factory=list)
    observations: list[Observation] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """What the reader of the article's report should know about how it was extracted (a
    run-on sentence cut at a bound, :mod:`claimgraph.extraction._bound`); not part of the graph."""

    def entity(self, key: str) -> Entity:
        """Return the entity with this key.

        Raises:
            KeyError: no entity has that key.
        """
        for e in self.entities:
            if e.key == key:
                return e
        raise KeyError(f"no entity with key {key!r} in extraction of {self.article.id!r}")
