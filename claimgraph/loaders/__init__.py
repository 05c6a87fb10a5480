"""Loaders: what comes in (readers of text, HTML and JSON Lines; curated facts) and what goes
out to RDF (the mapping of extraction records to one named graph per article, the only place
IRIs are minted). Public names are re-exported from :mod:`claimgraph`."""
