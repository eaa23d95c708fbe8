"""Text from articles, which the user did not write, made safe for the programs that open the exports.

Pure functions applied at the export boundary; the entity view and the store keep the text as read.
"""

import re
import weakref

import networkx as nx

REPLACEMENT = "\ufffd"

# Characters XML 1.0 cannot hold: C0 controls but tab, line feed and carriage return; lone
# surrogates; U+FFFE and U+FFFF.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# The copies `clean_view` made: already clean, so cleaning one again returns it as it is.
_CLEAN_VIEWS: "weakref.WeakSet[nx.MultiDiGraph]" = weakref.WeakSet()


def xml_chars(text: str) -> str:
    """The text with each character XML 1.0 forbids replaced by U+FFFD, one for one.

    Every view export writes these characters only, so a node has the same id in each format
    (GraphML and GEXF could not hold the others, Graphviz would put them in invalid SVG,
    UTF-8 cannot encode a lone surrogate).
    """
    return _NOT_XML.sub(REPLACEMENT, text)


def _clean(value: object) -> object:
    if isinstance(value, str):
        return xml_chars(value)
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    return value


def clean_view(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of the entity view whose ids, keys and texts hold only characters XML 1.0 allows
    (`G` itself when it is such a copy: several exports of one view clean it once)."""
    if G in _CLEAN_VIEWS:
        return G
    H = nx.MultiDiGraph()
    H.add_nodes_from((_clean(n), {k: _clean(v) for k, v in d.items()}) for n, d in G.nodes(data=True))
    H.add_edges_from((_clean(s), _clean(o), _clean(key), {k: _clean(v) for k, v in d.items()})
                     for s, o, key, d in G.edges(keys=True, data=True))
    _CLEAN_VIEWS.add(H)
    return H
