"""The ``kb`` command. Thin: each command calls one function and reports errors.

It sits above every layer (``kb``, ``indexer``) and nothing imports it. The
indexer is imported inside the commands that need it, so ``kb check`` and
``kb new`` start without loading the search engine.
"""

from __future__ import annotations

import dataclasses
import errno
import json
import sys
from pathlib import Path

import click

from kb import config, gitrepo
from kb.check_report import CheckSetupError, run_check
from kb.config import GuidanceNotFoundError
from kb.document_files import LINKED_MESSAGE, linked_paths
from kb.library import load_library
from kb.new import NewDocumentError, new_document
from kb.schema import TYPE_FOLDERS


@click.group()
@click.version_option(package_name="safeguarding-guidance-kb")
def main() -> None:
    """Safeguarding Guidance Knowledge Base: check, index and search guidance."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option("--against", metavar="REV",
              help="Also report anchors that existed at git revision REV and are "
                   "gone now without an anchor_aliases entry.")
def check(paths: tuple[Path, ...], strict: bool, against: str | None) -> None:
    """Validate documents, vocabulary, glossary and best bets."""
    try:
        report = run_check(list(paths) or [_guidance_dir()], against)
    except (CheckSetupError, gitrepo.GitError) as exc:
        raise click.ClickException(str(exc)) from None
    for problem in report.problems:
        click.echo(str(problem))
    click.echo(report.summary(), err=bool(report.problems))
    if report.failed(strict):
        sys.exit(1)


@main.command()
@click.argument("rev", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print JSON for tools.")
def review(rev: str | None, as_json: bool) -> None:
    """Report what changed in the guidance since REV, as Markdown for a pull request.

    REV defaults to where this branch left main. Exits 1 when an anchor that
    citations use has gone without an alias.
    """
    from kb.review import ReviewError
    from kb.review import review as run
    from kb.review_report import as_json as to_json
    from kb.review_report import as_markdown

    try:
        report = run(_guidance_dir(), rev)
    except (ReviewError, gitrepo.GitError) as exc:
        raise click.ClickException(str(exc)) from None
    if as_json:
        click.echo(json.dumps(to_json(report), indent=2, ensure_ascii=False))
    else:
        click.echo(as_markdown(report), nl=False)
    if report.failed:
        sys.exit(1)


@main.command()
@click.argument("title")
@click.option("--type", "doc_type", required=True,
              type=click.Choice(list(TYPE_FOLDERS)), help="The document type.")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path),
              default=None, help="The guidance folder (default: found from here up).")
def new(title: str, doc_type: str, root: Path | None) -> None:
    """Start a new document with valid front matter and placeholders to fill."""
    root = root or _guidance_dir()
    library, _ = load_library(root)
    try:
        path = new_document(root, doc_type, title, library.vocabulary)
    except NewDocumentError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Created {path}. Replace every TODO, then run: kb check {path}")


@main.command()
@click.option("--full", is_flag=True,
              help="Rebuild from scratch into a new folder and swap it in.")
@click.option("--guidance", type=click.Path(file_okay=False, path_type=Path))
@click.option("--index-dir", type=click.Path(file_okay=False, path_type=Path))
def index(full: bool, guidance: Path | None, index_dir: Path | None) -> None:
    """Bring the search index up to date with the guidance folder."""
    from indexer.build.builder import BuildError, build_index

    try:
        guidance = guidance or _guidance_dir()
        summary = build_index(guidance, index_dir or _index_dir(guidance), full=full,
                              progress=ProgressBar() if sys.stderr.isatty() else None)
    except BuildError as exc:
        raise click.ClickException(str(exc)) from None
    except OSError as exc:
        raise click.ClickException(_os_error(exc)) from None
    for path in linked_paths(guidance):
        click.echo(f"{path}: {LINKED_MESSAGE}", err=True)
    click.echo(str(summary))


# What an operator can do about a failed write during a build.
OS_ADVICE = {
    errno.ENOSPC: "Free some space on the disk",
    errno.EDQUOT: "Free some space within the disk quota",
    errno.EFBIG: "Raise this process's file size limit (ulimit -f)",
    errno.EROFS: "Make the disk writable",
    errno.EACCES: "Give this user write access to the index folder",
    errno.EPERM: "Give this user write access to the index folder",
}


def _os_error(exc: OSError) -> str:
    """One line for a disk or permission failure during a build, not a traceback.

    A build writes a new generation beside the old and swaps it in only when
    complete, so the site keeps serving the last complete index.
    """
    where = f" ({exc.filename})" if exc.filename else ""
    advice = OS_ADVICE.get(exc.errno or 0, "Put that right")
    return (f"the index could not be built: {exc.strerror or exc}{where}. "
            f"{advice}, then run 'kb index' again. The site keeps the last "
            "complete index.")


@main.command()
@click.argument("query")
@click.option("--filter", "filters", multiple=True, metavar="FIELD=VALUE",
              help="Narrow results, e.g. --filter audience=police. Repeatable.")
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 100))
@click.option("--page", default=1, show_default=True, type=click.IntRange(1))
@click.option("--json", "as_json", is_flag=True,
              help="Print the results as JSON (ids and anchors, no links).")
@click.option("--index-dir", type=click.Path(file_okay=False, path_type=Path))
def search(query: str, filters: tuple[str, ...], limit: int, page: int,
           as_json: bool, index_dir: Path | None) -> None:
    """Search the index and print the best sections."""
    from indexer.search.query import IndexUnavailable, open_searcher_index
    from indexer.search.query import search as run

    parsed: dict[str, list[str]] = {}
    for item in filters:
        name, sep, value = item.partition("=")
        if not sep or not value:
            raise click.BadParameter(f"expected FIELD=VALUE; found '{item}'",
                                     param_hint="--filter")
        parsed.setdefault(name.strip(), []).append(value.strip())
    try:
        handle = open_searcher_index(index_dir or _index_dir())
        data = run(handle, query, filters=parsed, page=page, page_size=limit)
    except IndexUnavailable as exc:
        raise click.ClickException(str(exc)) from None
    if as_json:
        click.echo(json.dumps(dataclasses.asdict(data), indent=2, ensure_ascii=False))
    else:
        _print_results(data)


def _guidance_dir() -> Path:
    try:
        return config.guidance_dir()
    except GuidanceNotFoundError as exc:
        raise click.ClickException(str(exc)) from None


def _index_dir(guidance: Path | None = None) -> Path:
    try:
        return config.index_dir(guidance)
    except GuidanceNotFoundError as exc:
        raise click.ClickException(str(exc)) from None


def _print_results(data) -> None:
    if data.corrected_from:
        click.echo(f"Showing results for: {data.query} (you typed "
                   f"{data.corrected_from})")
    for provision in data.provisions:
        where = f"#{provision.anchors[0]}" if provision.anchors else ""
        click.echo(f"Shown first: {provision.label}  {provision.doc_id}{where}")
    if data.expansions:
        click.echo("Also searched: " + ", ".join(data.expansions))
    if data.suggestion:
        click.echo(f"Did you mean: {data.suggestion}")
    click.echo(f"{data.total} result(s)")
    if not data.complete:
        click.echo("The search took too long: these results may be incomplete.")
    for result in data.results:
        click.echo(f"\n{result.title} [{result.status}]")
        for section in result.sections:
            click.echo(f"  {section.number} {section.heading}  "
                       f"{result.doc_id}#{section.anchor}")


class ProgressBar:
    """A build's progress callback: click's bar on standard error."""

    def __init__(self) -> None:
        self.bar = None

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            self.bar = click.progressbar(length=total, label="Indexing",
                                         file=sys.stderr)
        self.bar.update(1)
        if done >= total:
            self.bar.render_finish()
