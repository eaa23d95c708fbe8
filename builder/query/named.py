"""The catalogue of named SPARQL queries (`queries/*.rq`) and their parameters.

A query file starts with `#+ summary: <one line>`, may declare parameters with
`#+ param: <name> - <description>`, and gives each parameter a default value in exactly one
`VALUES ?name { "Default" }` clause, so the file runs as-is in any SPARQL tool.
"""

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from ..errors import Errors, QueryParameterError, UnknownQuery

SUFFIX = ".rq"

_SUMMARY = re.compile(r"^#\+\s*summary:\s*(?P<summary>.*?)\s*$")
_PARAM = re.compile(r"^#\+\s*param:\s*(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*(?:-\s*(?P<description>.*?))?\s*$")
# The prologue (comments, BASE and PREFIX declarations) and the keyword that follows it.
_PROLOGUE_ITEM = re.compile(r"\s*(?:#[^\n]*(?:\n|$)|BASE\s*<[^>]*>|PREFIX\s+[^\s:]*:\s*<[^>]*>)", re.IGNORECASE)
# The body of a VALUES clause: string literals (which may hold "}") or anything but "}".
_STRING = (
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
)
_VALUES_BODY = r"(?:" + _STRING + r"""|[^}"'])*"""
_KEYWORD = re.compile(
    r"\s*(?P<keyword>SELECT|ASK|CONSTRUCT|DESCRIBE|INSERT|DELETE|WITH|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD)\b\s*\S",
    re.IGNORECASE,
)
# What no query name holds but SPARQL text does: spaces, braces, variables.
_LOOKS_LIKE_SPARQL = re.compile(r"[\s{}?$]")
# The keywords that start a SPARQL Update operation (they change the store).
UPDATE_KEYWORDS = frozenset({"INSERT", "DELETE", "WITH", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD"})


@dataclass(frozen=True, slots=True)
class NamedQuery:
    """A query file of the catalogue.

    name (str): The file name without `.rq`, e.g. "people-organizations".
    path (Path): The file.
    summary (str): The `#+ summary:` line ("" if the file has none).
    params (dict[str, str]): Parameter name -> description, in file order.
    text (str): The SPARQL text, header comments included.
    """

    name: str
    path: Path
    summary: str
    params: dict[str, str] = field(default_factory=dict)
    text: str = ""


def parse_query_file(path: Path) -> NamedQuery:
    """Read one `.rq` file and its `#+` header lines.

    path (Path): The file.
    RETURNS (NamedQuery): The query with its summary and parameters.
    """
    text = path.read_text(encoding="utf-8")
    summary = ""
    params: dict[str, str] = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        if match := _SUMMARY.match(line):
            summary = summary or match["summary"]
        elif match := _PARAM.match(line):
            params[match["name"]] = match["description"] or ""
    return NamedQuery(name=path.name.removesuffix(SUFFIX), path=path, summary=summary, params=params, text=text)


def named_queries(directory: Path | None = None) -> dict[str, NamedQuery]:
    """All named queries of a directory, by name.

    directory (Path | None): Where the `.rq` files are; the packaged `queries/` by default.
    RETURNS (dict[str, NamedQuery]): Name -> query, sorted by name.
    """
    if directory is None:
        from ..resources import queries_dir

        directory = queries_dir()
    queries = map(parse_query_file, Path(directory).glob("*" + SUFFIX))
    return {q.name: q for q in sorted(queries, key=lambda q: q.name)}


def is_sparql(text: str) -> bool:
    """Whether a string is SPARQL text (a query form or update keyword after the prologue)."""
    return request_keyword(text) is not None


def request_keyword(text: str) -> str | None:
    """The keyword that starts a SPARQL request after its prologue, upper case ("SELECT",
    "INSERT", ...; see UPDATE_KEYWORDS), or None if the text starts with none."""
    position = 0
    while match := _PROLOGUE_ITEM.match(text, position):
        if match.end() == position:
            break
        position = match.end()
    keyword = _KEYWORD.match(text, position)
    return keyword["keyword"].upper() if keyword else None


def resolve(query: str, directory: Path | None = None) -> str:
    """The SPARQL text of a query given as text, as a path to a file, or by name.

    query (str): SPARQL text, a path to a `.rq` file, or the name of a named query (with or
        without `.rq`).
    directory (Path | None): Where named queries are; the packaged `queries/` by default.
    RETURNS (str): The SPARQL text.
    """
    if is_sparql(query):
        return query
    path = Path(query)
    if (path.suffix or len(path.parts) > 1) and path.is_file():
        return path.read_text(encoding="utf-8")
    catalogue = named_queries(directory)
    name = query.removesuffix(SUFFIX)
    if name in catalogue:
        return catalogue[name].text
    if not query.endswith(SUFFIX) and _LOOKS_LIKE_SPARQL.search(query):  # misspelt SPARQL: the parser says where
        return query
    close = difflib.get_close_matches(name, catalogue, n=1)
    raise UnknownQuery(Errors.E010.format(name=query, hint=f" Did you mean '{close[0]}'?" if close else "",
                                          known=", ".join(catalogue) or "none"))


def parameters(text: str) -> list[str]:
    """The parameters of a query: names declared by `#+ param:` lines that have exactly one
    `VALUES ?name { ... }` clause, in declaration order."""
    declared = [m["name"] for line in text.splitlines() if (m := _PARAM.match(line))]
    return [name for name in dict.fromkeys(declared) if len(_values_clauses(text, name)) == 1]


def bind(text: str, params: dict[str, str]) -> str:
    """Replace the default value of each given parameter by a string literal.

    text (str): SPARQL text with a `VALUES ?name { ... }` clause per parameter.
    params (dict[str, str]): Parameter name -> value (bound as a plain string literal).
    RETURNS (str): The SPARQL text with the values replaced.
    """
    known = parameters(text)
    edits: list[tuple[int, int, str]] = []
    for name, value in params.items():
        if name not in known:
            raise QueryParameterError(Errors.E011.format(name=name, known=", ".join(known) or "none"))
        clause = _values_clauses(text, name)[0]
        edits.append((clause.start(), clause.end(), f"VALUES ?{name} {{ {_string_literal(name, str(value))} }}"))
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    return text


def _string_literal(name: str, value: str) -> str:
    """A SPARQL string literal, escaped as Oxigraph writes N-Triples (rdflib's n3() misses cases)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as e:
        raise QueryParameterError(Errors.E075.format(name=name)) from e
    return str(ox.Literal(value))


def _values_clauses(text: str, name: str) -> list[re.Match[str]]:
    clause = re.compile(r"\bVALUES\s+\?" + re.escape(name) + r"\s*\{" + _VALUES_BODY + r"\}", re.IGNORECASE)
    return list(clause.finditer(text))
