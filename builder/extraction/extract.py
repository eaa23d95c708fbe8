"""From a processed Doc to the records the RDF mapping reads."""

from spacy.tokens import Doc

from .records import Extraction


def extraction_of(doc: Doc) -> Extraction:
    """The entities, relations and quotations the kg components found in a Doc.

    Relations and quotations whose entity was dropped as a fragment are left out, so every
    record refers to an entity of the same extraction.
    """
    entities = list(doc._.kg_entities or [])
    keys = {e.key for e in entities}
    relations = [r for r in doc._.kg_relations or []
                 if r.subject in keys and (r.literal or r.object in keys)]
    quotes = [q for q in doc._.kg_quotes or [] if q.speaker in keys]
    return Extraction(entities=entities, relations=relations, quotes=quotes)
