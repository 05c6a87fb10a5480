"""Literals written as text are exactly what Oxigraph writes (stored fingerprints depend on it)."""

from __future__ import annotations

import random

import pyoxigraph as ox
import pytest
from rdflib import Literal
from rdflib.namespace import XSD

from claimgraph.loaders import _ntwrite as ntwrite

# every control character, the two N-Triples escapes, DEL, and text that needs nothing
ALPHABET = [chr(c) for c in range(0x80)] + ["é", "—", "“", "\u2028", "\U0001f600"]


@pytest.mark.parametrize("char", ALPHABET)
def test_each_character_is_written_as_oxigraph_writes_it(char: str) -> None:
    text = f"a{char}b"
    assert ntwrite.string(text) == str(ox.Literal(text))


def test_random_strings_are_written_as_oxigraph_writes_them() -> None:
    rng = random.Random(20261202)
    for _ in range(5000):
        text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 12)))
        assert ntwrite.string(text) == str(ox.Literal(text)), repr(text)


def test_plain_text_is_quoted_unchanged_and_typed_literals_keep_their_datatype() -> None:
    assert ntwrite.string("The mayor said so.") == '"The mayor said so."'
    assert ntwrite.typed("2024-05-01", str(XSD.date)) == str(
        ox.Literal("2024-05-01", datatype=ox.NamedNode(str(XSD.date)))
    )
    assert ntwrite.typed("x", str(XSD.string)) == '"x"'
    assert ntwrite.integer(42) == str(ox.Literal("42", datatype=ox.NamedNode(str(XSD.integer))))
    assert ntwrite.literal(Literal('say "hi"', lang="en-GB")) == '"say \\"hi\\""@en-gb'
