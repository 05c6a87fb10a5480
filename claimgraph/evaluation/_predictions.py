"""Prediction records: an :class:`Extraction` in the prediction format of the evaluation spec.

Entity types are written as in the gold corpora, whose vocabulary is ``Person``,
``Organization``, ``Platform``...: a ``NewsOutlet`` (a kind of organisation) is written as
``Organization`` with ``"subtype": "NewsOutlet"``.

An ``authorial`` claim (the article's own voice) is spoken by the article's publisher, written
the same way (an ``Organization`` of subtype ``NewsOutlet``), or has ``"speaker": null`` when
the publisher is not known; the mapping attributes it to the publisher in the graph either way.
"""

from __future__ import annotations

from typing import Any

from claimgraph.records import Claim, Entity, Extraction, Observation, Span

__all__ = ["prediction_record"]

GOLD_TYPES = {"NewsOutlet": "Organization"}


def _spans(spans: list[Span]) -> list[list[int]]:
    return [[s, e] for s, e in spans]


def _entity(ent: Entity) -> dict[str, Any]:
    out: dict[str, Any] = {
        "name": ent.name,
        "type": GOLD_TYPES.get(ent.type, ent.type),
        "mentions": _spans(ent.mentions),
    }
    if ent.type in GOLD_TYPES:
        out["subtype"] = ent.type
    if ent.aliases:
        out["aliases"] = list(ent.aliases)
    if ent.wikidata:
        out["wikidata"] = ent.wikidata
    return out


def _publisher(extraction: Extraction) -> dict[str, Any] | None:
    """The speaker of the article's own (authorial) claims: its publisher, when known.

    Its mentions are those of the entity of the same name, if the article names its publisher.
    """
    name = extraction.article.publisher
    if not name:
        return None
    same = [e for e in extraction.entities if name.casefold() in _names(e)]
    mentions = sorted({m for e in same for m in e.mentions})
    return {
        "name": name,
        "type": GOLD_TYPES["NewsOutlet"],
        "subtype": "NewsOutlet",
        "mentions": _spans(mentions),
    }


def _names(ent: Entity) -> set[str]:
    return {n.casefold() for n in (ent.name, *ent.aliases)}


def _claim(
    claim: Claim, entities: dict[str, Entity], publisher: dict[str, Any] | None
) -> dict[str, Any]:
    speaker = entities.get(claim.speaker) if claim.speaker else None
    reporter = entities.get(claim.reported_by) if claim.reported_by else None
    if claim.kind == "authorial":
        said_by = publisher
    elif speaker is not None:
        said_by = {
            "name": speaker.name,
            "type": GOLD_TYPES.get(speaker.type, speaker.type),
            "mentions": _spans(speaker.mentions),
        }
    else:
        said_by = None
    return {
        "content": _spans(claim.content),
        "cue": _spans([claim.cue] if claim.cue else []),
        "cue_lemma": claim.cue_lemma,
        "kind": claim.kind,
        "act": claim.act,
        "speaker": said_by,
        "reported_by": reporter.name if reporter is not None else None,
    }


def _observation(
    obs: Observation, claims: dict[str, Claim], entities: dict[str, Entity]
) -> dict[str, Any]:
    """A figure in the evaluation format: ``stated_by`` is the claim's speaker, ``None`` for
    the article's own voice or an unnamed source."""
    claim = claims.get(obs.claim)
    speaker = entities.get(claim.speaker) if claim and claim.speaker else None
    stated_by = (
        speaker.name if speaker is not None and claim and claim.kind != "authorial" else None
    )
    out: dict[str, Any] = {
        "value": obs.value,
        "unit": obs.unit,
        "span": list(obs.span),
        "measure": obs.measure,
        "stated_by": stated_by,
    }
    for key in ("qualifier", "period", "compared_to", "compared_period", "upper", "change"):
        if getattr(obs, key) is not None:
            out[key] = getattr(obs, key)
    return out


def prediction_record(extraction: Extraction) -> dict[str, Any]:
    """Return the prediction record of one extraction (one JSON Lines line of ``extract``)."""
    entities = {e.key: e for e in extraction.entities}
    name = {k: e.name for k, e in entities.items()}
    publisher = _publisher(extraction)
    claims = {c.key: c for c in extraction.claims}
    return {
        "id": extraction.article.id,
        "claims": [_claim(c, entities, publisher) for c in extraction.claims],
        "entities": [_entity(e) for e in extraction.entities],
        "ownership": [
            {
                "owner": name.get(o.owner, o.owner),
                "owned": name.get(o.owned, o.owned),
                "evidence": _spans([o.evidence] if o.evidence else []),
            }
            for o in extraction.ownerships
        ],
        "roles": [
            {
                "person": name.get(r.person, r.person),
                "organization": name.get(r.organization, r.organization),
                "title": r.title,
                "evidence": _spans([r.evidence] if r.evidence else []),
            }
            for r in extraction.roles
            if r.organization is not None  # the format relates a person to an organisation
        ],
        "observations": [_observation(o, claims, entities) for o in extraction.observations],
    }
