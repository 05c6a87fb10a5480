"""The vocabulary (``claimgraph.ttl``), SHACL shapes (``shapes.ttl``), JSON-LD context and the
namespace constants (:mod:`.namespaces`)."""
