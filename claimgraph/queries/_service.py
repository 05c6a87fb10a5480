"""Finding ``SERVICE`` in a SPARQL text, so that a query cannot make the store fetch URLs.

A ``SERVICE <url> { ... }`` clause makes the engine that runs the query send a request to
``url``: the embedded store from this process, the query server from the machine it runs on
(server-side request forgery). claimgraph refuses such queries unless the caller allows them
explicitly (see ``KnowledgeGraph.sparql`` and ``claimgraph serve --allow-service``).

The check reads the query as SPARQL's lexer would: strings (all four quote forms), IRIs in
``<...>`` and ``#`` comments are skipped, and ``SERVICE`` counts only as a keyword (any case),
not inside a prefixed name (``ex:service``, ``service:x``) or a variable (``?service``).

Example:
    >>> find_service("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    'SERVICE <http://example.org/sparql>'
    >>> find_service('SELECT ?service WHERE { ?service ex:service "SERVICE <x>" } # SERVICE')
"""

from __future__ import annotations

import re

from claimgraph.errors import QueryError

__all__ = ["check_no_service", "find_service"]

# one token at a time: what can hide the word (strings, IRIs, comments) or contain it (names)
_TOKEN = re.compile(
    r"""
      (?P<skip>
          \"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"      # long strings
        | '''(?:[^'\\]|\\.|'(?!''))*'''
        | "(?:[^"\\\n]|\\.)*"                    # short strings
        | '(?:[^'\\\n]|\\.)*'
        | <[^<>"{}|^`\\\s]*>                     # IRIs
        | \#[^\n]*                               # comments
        | [?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+   # variables
        | [\w.\-\u00b7]*:[\w.\-:%\\\u00b7]*           # prefixed names (and bare prefixes)
      )
    | (?P<service>\bSERVICE\b(?![:\w\-])(?:\s+SILENT\b)?\s*(?:<[^>\s]*>|[?$]\w+|[\w\-.]*:[\w\-.]*)?)
    | (?P<word>[\w\-]+)
    | (?P<other>.)
    """,
    re.VERBOSE | re.IGNORECASE | re.DOTALL,
)


def find_service(query: str) -> str | None:
    """The first ``SERVICE`` clause's opening (``SERVICE <url>``) in ``query``, else ``None``.

    An unterminated string or IRI is read as ordinary text, so a ``SERVICE`` after it is found
    (the query is refused rather than let through; it is not valid SPARQL anyway).
    """
    for m in _TOKEN.finditer(query):
        if m.lastgroup == "service":
            return " ".join(m.group(0).split())
    return None


def check_no_service(query: str, *, where: str = "the query") -> None:
    """Refuse ``query`` when it has a ``SERVICE`` clause.

    Raises:
        QueryError: ``SERVICE`` found; the message quotes it and says how to allow it.
    """
    found = find_service(query)
    if found is not None:
        raise QueryError(
            f"{where} has a SERVICE clause ({found!r}), which would make the store send a "
            "request to that URL; SERVICE is refused by default. Remove it, or allow it "
            "explicitly (allow_service=True with a service_timeout in the Python API, "
            "--allow-service with --service-timeout on the command line)"
        )
