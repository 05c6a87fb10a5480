"""The query page ``claimgraph serve`` shows: YASGUI set up for claimgraph, nothing off the machine.

The Oxigraph server's own page is a stock YASGUI (``?s ?p ?o`` and no prefixes) whose editor
looks prefixes up at ``prefix.cc`` as a person types one, and properties and classes at Linked
Open Vocabularies (``lov.linkeddata.es``). Ours loads the same YASGUI script from the Oxigraph
server on this machine and:

- answers the prefix look-up itself: ``/prefixes.json`` (prefix.cc's format, ``{prefix: IRI}``)
  holds claimgraph's prefixes, and the editor is pointed at it (YASQE's ``prefixCcApi``);
- switches the property and class look-ups off (only the prefix and variable completers run);
- offers every named query (``claimgraph queries``) as a ready example, with the prefixes it
  needs declared, and opens on ``who-said-what``;
- sends queries to ``/query`` on the same host and port.

Example:
    >>> prefixes()["cg"]
    'https://w3id.org/claimgraph/ns#'
    >>> b"prefix.cc" in page_html()
    False
"""

from __future__ import annotations

import html
import json
from functools import lru_cache

from rdflib import Namespace

from claimgraph.ontology.namespaces import PREFIXES
from claimgraph.queries import list_queries

__all__ = ["FIRST_EXAMPLE", "examples", "page_html", "prefix_header", "prefixes", "prefixes_json"]

FIRST_EXAMPLE = "who-said-what"
_MORE = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "dcterms": "http://purl.org/dc/terms/",
    "cgi": "https://w3id.org/claimgraph/index/",
}


@lru_cache(maxsize=1)
def prefixes() -> dict[str, str]:
    """claimgraph's prefixes (those of its stores and shapes, plus rdf, owl, dcterms)."""
    out = {p: str(ns if isinstance(ns, Namespace) else ns._NS) for p, ns in PREFIXES.items()}
    return dict(sorted({**out, **_MORE}.items()))


def prefix_header(query: str) -> str:
    """``PREFIX`` lines for the prefixes ``query`` uses (the store predeclares them; YASGUI
    and other SPARQL clients need them written out)."""
    used = [p for p, iri in prefixes().items() if f"{p}:" in query]
    return "".join(f"PREFIX {p}: <{prefixes()[p]}>\n" for p in used)


def examples() -> list[dict[str, str]]:
    """The named queries as examples: name, description and runnable text."""
    out = []
    for q in list_queries():
        params = "".join(
            f"# ?{p.name} is a parameter ({p.type}): bind it with VALUES, or leave it open\n"
            for p in q.params
        )
        lines = q.sparql.splitlines(keepends=True)
        n = next((i for i, line in enumerate(lines) if not line.startswith("#")), len(lines))
        head, body = "".join(lines[:n]), q.example()
        text = head + prefix_header(body) + params + body
        out.append({"name": q.name, "description": q.description, "query": text})
    return out


_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>claimgraph: SPARQL query</title>
<link href="./yasgui.min.css" rel="stylesheet" type="text/css">
<script src="./yasgui.min.js"></script>
<link rel="icon" type="image/svg+xml" href="./logo.svg">
<style>
  body { font-family: system-ui, sans-serif; margin: 0; }
  header { display: flex; gap: 1em; align-items: center; padding: .5em 1em;
           background: #f3f4f6; border-bottom: 1px solid #d1d5db; }
  header h1 { font-size: 1.1em; margin: 0; }
  header select { max-width: 40em; }
  #description { color: #4b5563; font-size: .9em; overflow: hidden; text-overflow: ellipsis;
                 white-space: nowrap; flex: 1; }
</style>
</head>
<body>
<header>
  <h1>claimgraph</h1>
  <label>Example query
    <select id="examples" data-testid="examples">__OPTIONS__</select>
  </label>
  <span id="description" data-testid="description"></span>
</header>
<div id="yasgui"></div>
<script id="claimgraph-examples" type="application/json">__EXAMPLES__</script>
<script>
  const base = window.location.origin;
  const examples = JSON.parse(document.getElementById("claimgraph-examples").textContent);
  const byName = Object.fromEntries(examples.map(e => [e.name, e]));
  const first = byName["__FIRST__"] || examples[0];
  // nothing leaves the machine: prefixes from this server, no LOV property/class look-ups
  Yasqe.defaults.prefixCcApi = base + "/prefixes.json";
  Yasqe.defaults.autocompleters = ["prefixes", "variables"];
  for (const name of Object.keys(Yasqe.Autocompleters)) {
    if (!Yasqe.defaults.autocompleters.includes(name)) delete Yasqe.Autocompleters[name];
  }
  Yasqe.defaults.value = first.query;
  const yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: base + "/query", method: "POST" },
    copyEndpointOnNewTab: true,
    endpointCatalogueOptions: { getData: () => [{ endpoint: base + "/query" }], keys: [] },
  });
  const select = document.getElementById("examples");
  const describe = (e) => { document.getElementById("description").textContent = e.description; };
  select.value = first.name;
  describe(first);
  select.addEventListener("change", () => {
    const e = byName[select.value];
    yasgui.getTab().getYasqe().setValue(e.query);
    describe(e);
  });
  window.claimgraphReady = true;
</script>
</body>
</html>
"""


@lru_cache(maxsize=1)
def page_html() -> bytes:
    """The query page (UTF-8 HTML)."""
    found = examples()
    options = "".join(
        f'<option value="{html.escape(e["name"])}" title="{html.escape(e["description"])}">'
        f"{html.escape(e['name'])}</option>"
        for e in found
    )
    data = json.dumps(found).replace("</", "<\\/")  # never ends the script element
    text = (
        _PAGE.replace("__OPTIONS__", options)
        .replace("__EXAMPLES__", data)
        .replace("__FIRST__", FIRST_EXAMPLE)
    )
    return text.encode("utf-8")


def prefixes_json() -> bytes:
    """``/prefixes.json``: the prefix look-up in prefix.cc's format."""
    return json.dumps(prefixes(), indent=1).encode("utf-8")
