"""The data the rules use: cue lexicon and title words, read by key from ``extraction/data``.

Every key of ``cues.yaml`` and ``titles.yaml`` is read by name; a key the code does not know, a
missing key or a word filed under two acts is an :class:`~claimgraph.errors.InputError` naming the
file and the key. :func:`lexicon` returns the lexicon in use: the shipped one, or one passed to
:func:`~claimgraph.extraction.extract` (``lexicon=Lexicon.load(my_dir)``), set for the extraction
by :func:`using`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from claimgraph.errors import InputError
from claimgraph.loaders._yamldata import safe_load
from claimgraph.records import ACTS

__all__ = ["ACTS", "DATA", "Lexicon", "data_file", "lexicon", "using"]

DATA = Path(__file__).resolve().parent / "data"
SPEAKER_LISTS = ("person_heads", "unnamed_heads", "body_heads", "document_heads")
CUE_KEYS = frozenset(
    {
        "verbs", "not_claims", "infinitive_intention", "evidence_subjects", "evidence_verbs",
        "prepositional_acts", "prepositional", "nouns", "topic_nouns", "commitment_nouns",
        "seeming", "evidence_nouns", "phrases", "adjectives", "construction_acts",
    }
)  # fmt: skip
TITLE_KEYS = frozenset({*SPEAKER_LISTS, "name_titles", "role_heads", "title_modifiers"})
CONSTRUCTIONS = frozenset(
    {"label", "quote", "phrase", "evidence_noun", "seeming", "against", "view"}
)
ADJECTIVE_KEYS = frozenset({"clause", "object", "speech"})
WORD_KEYS = frozenset(
    {
        "clause_only_verbs", "argument_prepositions", "topic_prepositions",
        "reason_prepositions", "hearer_verbs", "questioning_verbs", "adverbial_openers",
        "relative_pronouns", "concessive_conjunctions", "delivering_verbs",
        "object_prepositions", "partitives", "title_small_words", "not_speakers",
        "person_pronouns", "group_pronouns", "definite_determiners", "name_small_words",
        "rank_modifiers", "organisation_nouns",
        "headline_small_words", "media_words", "frame_lemmas", "nested_cues",
        "dummy_subjects", "pointing_subjects", "male_pronouns", "female_pronouns",
        "male_titles", "female_titles", "person_titles", "organisation_words",
        "continuing_cues", "outlet_name_words", "platform_nouns", "example_markers",
        "credit_phrases", "credit_platforms", "reporting_forms",
        "topic_verbs", "irrealis_heads", "scene_verbs",
        "proposition_proforms",
        "pointing_words", "list_marks",
        "agentless_passive_cues", "to_argument_verbs", "not_topics",
        "editorial_labels", "view_verbs", "document_signing_verbs",
        "naming_verbs", "phrasal_actions", "summoning_verbs", "summoned_events",
        "heading_prepositions", "adverbial_marks",
    }
)  # fmt: skip
"""The keys of ``words.yaml``: function words and small word classes of the rules."""


@dataclass(frozen=True, eq=False)
class Lexicon:
    """Word lists from ``claimgraph/extraction/data`` (see the comments in those files).

    Attributes:
        cue_verbs: lemmas of verbs that introduce what someone said, thought, wants, found or saw.
        verb_acts: cue verb lemma (and verb that is a cue only with its preposition) -> its act.
        not_claims: verbs of doing (``vote``, ``try``): never cues, and a cue in their
            infinitive is part of the action.
        infinitive_intention: verbs that report an intention with a to-infinitive
            ("refused to resign").
        evidence_subjects: heads of a document or data subject ("report", "poll").
        evidence_verbs: verbs that report evidence with such a subject ("the poll suggests").
        cue_nouns: lemmas of nouns that introduce a claim (``report``, ``statement``).
        noun_acts: cue noun -> its act.
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
        speech_adjectives: the adjectives whose claim is speech (``vocal``); the others, thought.
        construction_acts: the act of each construction that has no cue word of these lists
            (``label``, ``quote``, ``phrase``, ``evidence_noun``, ``seeming``, ``against``,
            ``view``).
        person_heads: nouns that head a description of a person (``chief``, ``spokesman``).
        name_titles: lower-case titles that precede a name and are not part of it.
        unnamed_heads: nouns that, as the subject of a cue, make an unnamed source.
        document_heads: nouns of a document or medium credited with what it says
            (``statement``, ``speech``).
        speaker_heads: common nouns that can head a cue's subject: people, bodies of people and
            documents (``person_heads``, ``unnamed_heads``, ``body_heads``, ``document_heads``).
        word_classes: the word classes of ``words.yaml`` by key (read with :meth:`words`).
    """

    cue_verbs: frozenset[str]
    verb_acts: dict[str, str]
    not_claims: frozenset[str]
    infinitive_intention: frozenset[str]
    evidence_subjects: frozenset[str]
    evidence_verbs: frozenset[str]
    cue_nouns: frozenset[str]
    noun_acts: dict[str, str]
    topic_nouns: frozenset[str]
    commitment_nouns: frozenset[str]
    cue_phrases: tuple[tuple[str, ...], ...]
    verb_preps: dict[str, frozenset[str]]
    evidence_nouns: dict[str, frozenset[str]]
    seeming_verbs: frozenset[str]
    clause_adjectives: frozenset[str]
    object_adjectives: frozenset[str]
    speech_adjectives: frozenset[str]
    construction_acts: dict[str, str]
    person_heads: frozenset[str]
    name_titles: frozenset[str]
    unnamed_heads: frozenset[str]
    document_heads: frozenset[str]
    speaker_heads: frozenset[str]
    word_classes: dict[str, frozenset[str]]

    def words(self, key: str) -> frozenset[str]:
        """Return the word class ``key`` of ``words.yaml``.

        Raises:
            InputError: no word class has that key.
        """
        try:
            return self.word_classes[key]
        except KeyError:
            raise InputError(
                repr(key), f"no word class of that name; known: {sorted(self.word_classes)}"
            ) from None

    @classmethod
    def load(cls, directory: Path = DATA) -> Lexicon:
        """Read ``cues.yaml`` and ``titles.yaml`` from ``directory``.

        Raises:
            InputError: a file is unreadable, or a key is unknown, missing or malformed.
        """
        cues = _Data(directory / "cues.yaml", CUE_KEYS)
        titles = _Data(directory / "titles.yaml", TITLE_KEYS)
        classes = _Data(directory / "words.yaml", WORD_KEYS)
        verb_acts = cues.acts("verbs")
        not_claims = cues.words("not_claims")
        _disjoint(cues, "not_claims", not_claims, frozenset(verb_acts))
        prep_acts = cues.acts("prepositional_acts")
        noun_acts = cues.acts("nouns")
        adjectives = cues.groups("adjectives", ADJECTIVE_KEYS)
        verb_preps = _by_verb(cues.mapping("prepositional"))
        _covered(cues, "prepositional", frozenset(verb_preps), {**prep_acts, **verb_acts})
        for key in ("topic_nouns", "commitment_nouns"):
            _covered(cues, key, cues.words(key), noun_acts)
        return cls(
            cue_verbs=frozenset(verb_acts),
            verb_acts={**prep_acts, **verb_acts},
            not_claims=not_claims,
            infinitive_intention=cues.words("infinitive_intention"),
            evidence_subjects=cues.words("evidence_subjects"),
            evidence_verbs=cues.words("evidence_verbs"),
            cue_nouns=frozenset(noun_acts),
            noun_acts=noun_acts,
            topic_nouns=cues.words("topic_nouns"),
            commitment_nouns=cues.words("commitment_nouns"),
            cue_phrases=cues.phrases("phrases"),
            verb_preps=verb_preps,
            evidence_nouns={k: _words(v) for k, v in cues.mapping("evidence_nouns").items()},
            seeming_verbs=cues.words("seeming"),
            clause_adjectives=adjectives["clause"],
            object_adjectives=adjectives["object"],
            speech_adjectives=adjectives["speech"],
            construction_acts=cues.construction_acts(),
            person_heads=titles.words("person_heads"),
            name_titles=titles.words("name_titles"),
            unnamed_heads=titles.words("unnamed_heads"),
            document_heads=titles.words("document_heads"),
            speaker_heads=frozenset().union(*(titles.words(k) for k in SPEAKER_LISTS)),
            word_classes={key: classes.words(key) for key in sorted(WORD_KEYS)},
        )


class _Data:
    """One lexicon file, read by key: unknown and missing keys are errors."""

    def __init__(self, path: Path, known: frozenset[str]) -> None:
        self.path = path
        try:
            data = safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            raise InputError(str(path), f"cannot read lexicon: {exc}") from exc
        if not isinstance(data, dict):
            raise InputError(str(path), "expected a mapping at the top")
        unknown = sorted(set(data) - known)
        if unknown:
            raise InputError(str(path), f"unknown key(s) {unknown}; known keys are {sorted(known)}")
        for key, value in data.items():
            _no_yaml_flags(path, str(key), value)
        self.data: dict[str, Any] = data

    def fail(self, key: str, problem: str) -> InputError:
        return InputError(f"{self.path}: {key}", problem)

    def get(self, key: str) -> Any:
        if key not in self.data:
            raise self.fail(key, "missing; add the key (see the comments in the shipped file)")
        return self.data[key]

    def words(self, key: str) -> frozenset[str]:
        value = self.get(key)
        if not isinstance(value, list):
            raise self.fail(key, f"expected a list of words, got {value!r:.60}")
        return _words(value)

    def mapping(self, key: str) -> dict[str, Any]:
        value = self.get(key)
        if not isinstance(value, dict) or not all(isinstance(v, list) for v in value.values()):
            raise self.fail(key, f"expected a mapping of word lists, got {value!r:.60}")
        return {str(k).lower(): v for k, v in value.items()}

    def groups(self, key: str, names: frozenset[str]) -> dict[str, frozenset[str]]:
        """The word lists of ``key``, which must be exactly ``names``."""
        value = self.mapping(key)
        if set(value) != names:
            raise self.fail(key, f"expected the groups {sorted(names)}, got {sorted(value)}")
        return {name: _words(words) for name, words in value.items()}

    def acts(self, key: str) -> dict[str, str]:
        """Invert ``{act: [words]}`` to ``{word: act}``; a word under two acts is an error."""
        value = self.mapping(key)
        unknown = sorted(set(value) - set(ACTS))
        if unknown:
            raise self.fail(key, f"unknown act(s) {unknown}; the acts are {list(ACTS)}")
        out: dict[str, str] = {}
        for act, words in value.items():
            for word in _words(words):
                if out.setdefault(word, act) != act:
                    raise self.fail(key, f"{word!r} is under {out[word]!r} and {act!r}; keep one")
        return out

    def phrases(self, key: str) -> tuple[tuple[str, ...], ...]:
        value = self.get(key)
        if not isinstance(value, list) or not all(isinstance(p, list) and p for p in value):
            raise self.fail(key, f"expected a list of word lists, got {value!r:.60}")
        return tuple(tuple(str(w).lower() for w in p) for p in value)

    def construction_acts(self) -> dict[str, str]:
        value = self.get("construction_acts")
        if not isinstance(value, dict) or set(value) != CONSTRUCTIONS:
            raise self.fail(
                "construction_acts", f"expected an act for each of {sorted(CONSTRUCTIONS)}"
            )
        bad = {k: v for k, v in value.items() if v not in ACTS}
        if bad:
            raise self.fail("construction_acts", f"unknown act(s) {bad}; acts are {list(ACTS)}")
        return {str(k): str(v) for k, v in value.items()}


def _no_yaml_flags(path: Path, key: str, value: Any) -> None:
    """Refuse a word YAML read as a flag or a blank (unquoted ``on``, ``no``, ``yes``, ``~``)."""
    if isinstance(value, dict):
        for inner, item in value.items():
            _no_yaml_flags(path, f"{key}.{inner}", item)
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, bool) or item is None:
                raise InputError(
                    f"{path}: {key}",
                    f"an entry reads as {item!r}: YAML takes unquoted on/off/yes/no/~ as flags;"
                    ' quote the word ("on")',
                )
            _no_yaml_flags(path, key, item)


def _words(items: Any) -> frozenset[str]:
    return frozenset(str(w).lower() for w in items or ())


def _disjoint(data: _Data, key: str, words: frozenset[str], others: frozenset[str]) -> None:
    both = sorted(words & others)
    if both:
        raise data.fail(key, f"{both} are also cue verbs; a word is a cue or not a claim, not both")


def _covered(data: _Data, key: str, words: frozenset[str], acts: dict[str, str]) -> None:
    missing = sorted(words - set(acts))
    if missing:
        raise data.fail(key, f"{missing} have no act; add them to an act group")


def _by_verb(preps: dict[str, Any]) -> dict[str, frozenset[str]]:
    """Invert ``{preposition: [verbs]}`` to ``{verb: prepositions}``."""
    out: dict[str, set[str]] = {}
    for prep, verbs in preps.items():
        for verb in verbs:
            out.setdefault(str(verb).lower(), set()).add(prep)
    return {verb: frozenset(p) for verb, p in out.items()}


@lru_cache(maxsize=1)
def _shipped() -> Lexicon:
    return Lexicon.load()


_CURRENT: ContextVar[Lexicon | None] = ContextVar("claimgraph_lexicon", default=None)


def lexicon() -> Lexicon:
    """Return the lexicon in use: the one :func:`using` set, else the shipped one (read once)."""
    return _CURRENT.get() or _shipped()


def word_class(key: str) -> frozenset[str]:
    """Return the word class ``key`` of the lexicon in use (``words.yaml``)."""
    return lexicon().words(key)


@contextmanager
def using(lex: Lexicon | None) -> Iterator[Lexicon]:
    """Make ``lex`` (``None``: the shipped lexicon) the one :func:`lexicon` returns, inside."""
    token = _CURRENT.set(lex)
    try:
        yield lexicon()
    finally:
        _CURRENT.reset(token)


def data_file(name: str, keys: frozenset[str]) -> dict[str, Any]:
    """Return the mapping of ``data/<name>``, checking its top-level keys.

    Args:
        name: the file name (``"numbers.yaml"``).
        keys: the keys the caller reads; each must be present and no other may be.

    Raises:
        InputError: the file cannot be read, a key is missing or a key is unknown (a misspelt
            key would otherwise be silently ignored).
    """
    data = _Data(DATA / name, keys)  # unknown keys are refused here
    missing = sorted(keys - set(data.data))
    if missing:
        raise InputError(
            str(DATA / name),
            f"missing keys {missing}: the file must have exactly {sorted(keys)}",
        )
    return data.data
