"""The relation rules of `kg_relation_extractor`, one module a family: people and
organizations (`people`), organizations' places and parents (`organizations`), places
(`places`), agreements (`agreements`), nationality adjectives (`nationality`) and party
words (`parties`); the mention index and helpers they share are in `common`. Quotations are
`kg_quote_extractor`'s."""
