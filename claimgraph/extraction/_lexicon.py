"""The data the rules use: cue lexicon, title words and curated facts, loaded once."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from claimgraph.errors import InputError
from claimgraph.loaders._yamldata import safe_load

__all__ = ["DATA", "Lexicon", "data_file", "lexicon"]

DATA = Path(__file__).resolve().parent / "data"
SPEAKER_LISTS = ("person_heads", "unnamed_heads", "body_heads", "document_heads")


@dataclass(frozen=True)
class Lexicon:
    """Word lists from ``claimgraph/extraction/data`` (see the comments in those files).

    Attributes:
        cue_verbs: lemmas of verbs that introduce what someone said, thought or wants.
        speech_verbs: the verbs of saying among them (plus ``according to``).
        cue_nouns: lemmas of nouns that introduce a claim (``report``, ``statement``).
        topic_nouns: cue nouns whose prepositional object, with an owner, is the claim
            ("the mayor's criticism of the plan").
        commitment_nouns: cue nouns whose infinitive, with an owner, is the claim
            ("her promise to cut taxes").
        cue_phrases: multi-word prepositional cues as word tuples (``("according", "to")``).
        verb_preps: verb lemma -> the prepositions that open its content ("point" -> "to").
        evidence_nouns: preposition -> findings that, after it, are the source of their clause
            ("in" -> ``poll``, "by" -> ``estimate``).
        seeming_verbs: verbs of seeming (``seem``, ``look``): how something seems is a claim.
        clause_adjectives: adjectives that report a view with a that-clause (``sure``).
        object_adjectives: adjectives whose prepositional object is a view's content
            (``critical`` of, ``coy`` about).
        person_heads: nouns that head a description of a person (``chief``, ``spokesman``).
        name_titles: lower-case titles that precede a name and are not part of it.
        unnamed_heads: nouns that, as the subject of a cue, make an unnamed source.
        speaker_heads: common nouns that can head a cue's subject: people, bodies of people and
            documents (``person_heads``, ``unnamed_heads``, ``body_heads``, ``document_heads``).
    """

    cue_verbs: frozenset[str]
    speech_verbs: frozenset[str]
    cue_nouns: frozenset[str]
    topic_nouns: frozenset[str]
    commitment_nouns: frozenset[str]
    cue_phrases: tuple[tuple[str, ...], ...]
    verb_preps: dict[str, frozenset[str]]
    evidence_nouns: dict[str, frozenset[str]]
    seeming_verbs: frozenset[str]
    clause_adjectives: frozenset[str]
    object_adjectives: frozenset[str]
    person_heads: frozenset[str]
    name_titles: frozenset[str]
    unnamed_heads: frozenset[str]
    speaker_heads: frozenset[str]


def _read(name: str) -> dict[str, Any]:
    path = DATA / name
    try:
        data = safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(str(path), f"cannot read lexicon: {exc}") from exc
    if not isinstance(data, dict):
        raise InputError(str(path), "expected a mapping at the top")
    return data


def _words(items: Any) -> frozenset[str]:
    if isinstance(items, dict):
        return frozenset(w.lower() for group in items.values() for w in group)
    return frozenset(str(w).lower() for w in items or ())


def _by_verb(preps: Any) -> dict[str, frozenset[str]]:
    """Invert ``{preposition: [verbs]}`` to ``{verb: prepositions}``."""
    out: dict[str, set[str]] = {}
    for prep, verbs in (preps or {}).items():
        for verb in verbs:
            out.setdefault(str(verb).lower(), set()).add(str(prep).lower())
    return {verb: frozenset(p) for verb, p in out.items()}


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """Return the shipped lexicon (read once per process)."""
    cues = _read("cues.yaml")
    titles = _read("titles.yaml")
    return Lexicon(
        cue_verbs=_words(cues.get("verbs")),
        speech_verbs=_words((cues.get("verbs") or {}).get("speech")) | {"according to"},
        cue_nouns=_words(cues.get("nouns"))
        | _words(cues.get("topic_nouns"))
        | _words(cues.get("commitment_nouns")),
        topic_nouns=_words(cues.get("topic_nouns")),
        commitment_nouns=_words(cues.get("commitment_nouns")),
        cue_phrases=tuple(tuple(p) for p in cues.get("phrases") or ()),
        verb_preps=_by_verb(cues.get("prepositional")),
        evidence_nouns={str(k): _words(v) for k, v in (cues.get("evidence_nouns") or {}).items()},
        seeming_verbs=_words(cues.get("seeming")),
        clause_adjectives=_words((cues.get("adjectives") or {}).get("clause")),
        object_adjectives=_words((cues.get("adjectives") or {}).get("object")),
        person_heads=_words(titles.get("person_heads")),
        name_titles=_words(titles.get("name_titles")),
        unnamed_heads=_words(titles.get("unnamed_heads")),
        speaker_heads=frozenset().union(*(_words(titles.get(k)) for k in SPEAKER_LISTS)),
    )


def data_file(name: str, keys: frozenset[str]) -> dict[str, Any]:
    """Return the mapping of ``data/<name>``, checking its top-level keys.

    Args:
        name: the file name (``"numbers.yaml"``).
        keys: the keys the caller reads; each must be present and no other may be.

    Raises:
        InputError: the file cannot be read, a key is missing or a key is unknown (a misspelt
            key would otherwise be silently ignored).
    """
    data = _read(name)
    unknown = sorted(set(data) - keys)
    missing = sorted(keys - set(data))
    if unknown or missing:
        raise InputError(
            str(DATA / name),
            f"unknown keys {unknown} / missing keys {missing}: the file must have exactly "
            f"{sorted(keys)}",
        )
    return data
