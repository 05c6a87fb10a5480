"""An article graph given from outside speaks only of its own article.

The shapes check a graph on its own: they cannot know which named graph it will be written to.
Graphs built by claimgraph's mapping are right by construction; a graph handed to
``KnowledgeGraph.add`` (a graph built elsewhere) or raw lines is checked here first:

- it may not be written to the store's metadata graph (``cgg:meta``), nor to another article's
  graph (``cgg:article/KEY`` must be the graph of the ``article`` it is added as);
- it may name neither the metadata graph nor another article's graph (``cgg:article/KEY``), and
  no IRI scoped to another article: the article's own IRI, its claims and spans
  (``cgid:article/KEY/...``) and its unnamed sources (``cgid:source/KEY/...``) all carry the
  article's key. A graph that is no article's graph (the curated facts) may name no
  article-scoped IRI at all.

So an article graph cannot ``cg:describes`` a second article, put claims into one, or overwrite
what the store knows about one.
"""

from __future__ import annotations

from collections.abc import Sequence

from claimgraph.errors import StoreError
from claimgraph.loaders._iris import article_graph_iri, article_key
from claimgraph.ontology.namespaces import CGG, CGID

__all__ = ["check_scope"]

_SCOPED = (f"<{CGID}article/", f"<{CGID}source/", f"<{CGG}article/")


def check_scope(graph_iri: str, lines: Sequence[str], article: str, meta_graph: str) -> None:
    """Refuse a graph that is written to a graph not its own or that names another article.

    Args:
        graph_iri: the named graph it is to be written to.
        lines: its canonical N-Triples lines (no final dot).
        article: the article id it is added as.
        meta_graph: the store's metadata graph.

    Raises:
        StoreError: the message names the graph or the IRI that is out of scope.
    """
    own = str(article_graph_iri(article))
    if graph_iri == meta_graph:
        raise _refused(article, f"{graph_iri} is the store's metadata graph, not an article's")
    if graph_iri.startswith(f"{CGG}article/") and graph_iri != own:
        raise _refused(
            article,
            f"{graph_iri} is another article's graph; the graph of article {article!r} is {own}",
        )
    key = article_key(article) if graph_iri == own else None
    meta = f"<{meta_graph}>"
    for line in lines:
        s, _, o = line.split(" ", 2)
        for term in (s, o) if o[:1] == "<" else (s,):
            if term == meta:
                raise _refused(article, f"it names the store's metadata graph {term}")
            if term.startswith(_SCOPED) and _key(term) != key:
                raise _refused(
                    article,
                    f"{term} belongs to another article; an article graph may describe only "
                    "its own article",
                )


def _key(term: str) -> str:
    """The article key in an article-scoped IRI's text (``<.../article/KEY/claim/1>``)."""
    for prefix in _SCOPED:
        if term.startswith(prefix):
            return term[len(prefix) : -1].split("/", 1)[0]
    return ""


def _refused(article: str, why: str) -> StoreError:
    return StoreError(f"article {article!r} was not stored, nothing was changed: {why}")
