"""The ``notelint`` command line: check, fix, facts, restructure, cleanup and rules.

Exit codes, as CI expects them: 0 clean, 1 findings (errors or warnings; ``info`` findings are
shown but never fail a run) or, with ``--diff``/``--dry-run``, changes to make, 2 usage, config
or I/O errors. Findings in the baseline are not reported; baseline entries that match nothing
any more (stale) are listed on stderr and do not fail a run.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO, TypeVar

from lint import __version__
from lint.cache import ENV_DIR, Cache, default_dir
from lint.config import Config, ConfigError, load_config
from lint.engine import Engine
from lint.finding import Finding
from lint.reporters import FORMATS, report, write_statistics
from lint.runner import Source, check_sources, default_jobs, tune_gc
from lint.source import SourceError, discover, read_source

if TYPE_CHECKING:
    from lint.baseline import Baseline, Stale
    from lint.document import Document

# Modules a run reported from the cache does not need (the baseline, the rules, the parser, the
# diff) are imported where they are used: a cached run is mostly interpreter start-up and imports.

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
EXIT_BROKEN_PIPE = 128 + 13  # as a shell reports a command killed by SIGPIPE
PROGRESS_MIN_FILES = 20
SPOOL_CHARS = 1 << 16
T = TypeVar("T")


class _Run:
    """State shared by the subcommands: config, errors met on the way, parsed documents."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.paths = [Path(p) for p in (args.paths or ["."])]
        self.errors: list[str] = []
        self.config: Config = load_config(self.paths, Path(args.config) if args.config else None)

    def error(self, message: str) -> None:
        self.errors.append(message)
        print(f"notelint: error: {message}", file=sys.stderr)

    def documents(self) -> list[Document]:
        from lint.parser import parse

        return [parse(s.text, s.path) for s in _progress(self.sources(), "parsing")]

    def sources(self) -> list[Source]:
        """Every file to check, read and decoded; unreadable ones are reported and skipped."""
        sources = []
        for path in discover(self.paths, self.config.is_excluded, self.error):
            try:
                sources.append(Source(_display(path), read_source(path)))
            except SourceError as exc:
                self.error(str(exc))
        return sources

    def cache(self) -> Cache | None:
        if getattr(self.args, "no_cache", False):
            return None
        return Cache(Path(self.args.cache_dir) if self.args.cache_dir else default_dir())

    def engine(self) -> Engine:
        return Engine(self.config, _split(self.args.select), _split(self.args.ignore),
                      baseline=self.baseline())

    def baseline(self) -> Baseline | None:
        """The baseline to filter with: ``--baseline``, else the config's; none when writing one."""
        args = self.args
        if getattr(args, "no_baseline", False) or getattr(args, "write_baseline", None):
            return None
        file = getattr(args, "baseline", None) or self.config.baseline
        if not file:
            return None
        from lint.baseline import Baseline

        return Baseline.load(Path(file))


def _split(value: str | None) -> list[str] | None:
    return [part.strip() for part in value.split(",") if part.strip()] if value else None


def _display(path: Path) -> str:
    """The path as users see it: relative to the working directory when it is below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _progress(items: Iterable[T], what: str, total: int | None = None) -> Iterable[T]:
    """A progress bar on stderr for long runs on a terminal; silent otherwise."""
    count = total if total is not None else len(items) if isinstance(items, Sequence) else 0
    if count < PROGRESS_MIN_FILES or not sys.stderr.isatty():
        return items
    from tqdm import tqdm

    return tqdm(items, desc=what, unit="file", total=count, file=sys.stderr, leave=False)


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, not {value!r}")
    return number


def _failing(findings: Iterable[Finding]) -> bool:
    return any(f.severity != "info" for f in findings)


def _exit_code(run: _Run, findings: Sequence[Finding]) -> int:
    if run.errors:
        return EXIT_ERROR
    return EXIT_FINDINGS if _failing(findings) else EXIT_CLEAN


def cmd_check(run: _Run) -> int:
    args = run.args
    sources = run.sources()
    engine = run.engine()
    jobs = args.jobs or default_jobs()
    outcome = check_sources(engine, sources, cache=run.cache(), jobs=jobs,
                            progress=lambda items, total: _progress(items, "checking", total))
    for message in outcome.errors:
        run.error(message)
    if args.write_baseline:
        return _write_baseline(run, outcome.findings, Path(args.write_baseline))
    findings = outcome.findings
    _emit(run, findings, {s.path: s.text for s in sources})
    _report_stale(engine.stale)
    return _exit_code(run, findings)


def _emit(run: _Run, findings: list[Finding], texts: Mapping[str, str]) -> None:
    """The report (or, with --statistics, counts per rule) on stdout or in --output-file."""
    args = run.args
    # To stdout as it is made: a report of many findings is tens of MB, and holding it whole
    # (then encoding it whole) would be the run's peak memory. A file is written whole, atomically.
    out = io.StringIO() if args.output_file else _Spool(sys.stdout)
    if args.statistics:
        write_statistics(findings, out, errors=len(run.errors))
    elif args.format == "sarif":
        from lint.registry import all_rules
        from lint.sarif import rule_meta_from_registry

        report(findings, "sarif", out, sources=texts, rules=rule_meta_from_registry(all_rules()),
               version=__version__, errors=len(run.errors))
    else:
        report(findings, args.format, out, sources=texts, errors=len(run.errors))
    if isinstance(out, _Spool):
        out.spill()
        return
    from fixers.atomic import write_atomic

    try:
        write_atomic(Path(args.output_file), out.getvalue().encode("utf-8"))
    except OSError as exc:
        run.error(f"{args.output_file}: report not written: {exc.strerror or exc}")


class _Spool(io.StringIO):
    """Text for ``sink``, passed on in pieces of about ``SPOOL_CHARS``: a report's many small
    writes would each be a system call on an unbuffered stdout (PYTHONUNBUFFERED=1, common in
    CI images), and holding the report whole would be the run's peak memory."""

    def __init__(self, sink: TextIO) -> None:
        super().__init__()
        self.sink = sink

    def write(self, text: str) -> int:
        written = super().write(text)
        if self.tell() >= SPOOL_CHARS:
            self.spill()
        return written

    def spill(self) -> None:
        self.sink.write(self.getvalue())
        self.seek(0)
        self.truncate()


def _write_baseline(run: _Run, findings: list[Finding], file: Path) -> int:
    """Record every current finding in ``file``; nothing is written when a file could not be read."""
    if run.errors:
        print(f"notelint: {file} not written: some files could not be checked", file=sys.stderr)
        return EXIT_ERROR
    from lint.baseline import Baseline

    baseline = Baseline.from_findings(findings, Path(os.path.abspath(file)).parent)
    try:
        baseline.save(file)
    except OSError as exc:
        run.error(f"{file}: baseline not written: {exc}")
        return EXIT_ERROR
    print(f"Wrote {file}: {len(findings)} finding(s) in {len(baseline.counts)} entr"
          f"{'y' if len(baseline.counts) == 1 else 'ies'}.", file=sys.stderr)
    return EXIT_CLEAN


def _report_stale(stale: Sequence[Stale]) -> None:
    """Baseline entries that matched nothing: fixed or changed. Told, never failed on."""
    if not stale:
        return
    count = sum(s.count for s in stale)
    print(f"notelint: {count} baseline entr{'y' if count == 1 else 'ies'} no longer match (fixed, "
          "or the text changed); refresh with `notelint check --write-baseline FILE`:", file=sys.stderr)
    for s in stale:
        times = f" (x{s.count})" if s.count > 1 else ""
        print(f"  {s.path}: {s.rule}: {s.excerpt!r}{times}", file=sys.stderr)


def cmd_fix(run: _Run) -> int:
    from fixers.apply import fix_document
    from fixers.atomic import encode_text, write_atomic

    docs = run.documents()
    engine = run.engine()
    remaining: list[Finding] = []
    changed = 0
    fixed_count = 0
    for i, doc in enumerate(docs):
        result = fix_document(doc, lambda d: engine.check_in_context(d, docs),
                              unsafe=run.args.unsafe_fixes)
        for outcome in result.rejected:
            print(f"{doc.path}:{outcome.line}:{outcome.column}: {outcome.rule} fix not applied: "
                  f"{outcome.reason}", file=sys.stderr)
        if not result.converged:
            why = "a fix cycle" if result.cycle else f"{result.passes} passes"
            print(f"{doc.path}: fixes stopped after {why}; run `notelint fix` again to continue",
                  file=sys.stderr)
        if not result.changed:
            continue
        if not run.args.diff:
            try:
                write_atomic(Path(doc.path), encode_text(result.text))
            except OSError as exc:
                run.error(f"{doc.path}: fix not written, file left as it was: {exc}")
                continue
            docs[i] = result.document
        else:
            sys.stdout.writelines(_diff(doc, result.text))
        changed += 1  # counted once written (or shown), so a failed write is not called fixed
        fixed_count += len(result.fixed)
    if not run.args.diff:
        remaining = engine.check(docs)
        _emit(run, remaining, {d.path: d.text for d in docs})
        _report_stale(engine.stale)
    verb = "Would fix" if run.args.diff else "Fixed"
    print(f"{verb} {fixed_count} finding(s) in {changed} file(s).", file=sys.stderr)
    if run.args.diff:
        return EXIT_ERROR if run.errors else (EXIT_FINDINGS if changed else EXIT_CLEAN)
    return _exit_code(run, remaining)


def _diff(doc: Document, new_text: str) -> Iterable[str]:
    from lint.unified_diff import unified_diff

    return unified_diff(doc.text, new_text, f"a/{doc.path}", f"b/{doc.path}")


def cmd_facts(run: _Run) -> int:
    from lint.facts import (
        FactsFileError,
        build_facts,
        check_facts_file,
        dump_facts,
        dump_facts_json,
        save_facts,
        validate_facts,
    )

    args = run.args
    if args.validate:
        try:
            problems = check_facts_file(args.validate)
        except FactsFileError as exc:
            print(f"notelint: error: {exc}", file=sys.stderr)
            return EXIT_ERROR
        for problem in problems:
            print(f"{args.validate}: {problem}")
        if problems:
            print(f"{args.validate}: {len(problems)} problem(s)", file=sys.stderr)
            return EXIT_FINDINGS
        print(f"{args.validate}: valid", file=sys.stderr)
        return EXIT_CLEAN
    docs = run.documents()
    if run.errors:
        return EXIT_ERROR
    data = build_facts(docs)
    dump = dump_facts_json if args.format == "json" else dump_facts
    if args.output and args.output != "-":
        try:
            save_facts(data, Path(args.output), dump)
        except (OSError, ValueError) as exc:
            run.error(f"{args.output}: facts not written: {exc}")
            return EXIT_ERROR
        print(f"Wrote {args.output}.", file=sys.stderr)
        return EXIT_CLEAN
    problems = validate_facts(data)
    if problems:
        for problem in problems:
            run.error(f"facts do not match the schema: {problem}")
        return EXIT_ERROR
    sys.stdout.write(dump(data))
    return EXIT_CLEAN


def cmd_rules(args: argparse.Namespace) -> int:
    from lint.registry import all_rules

    rules = all_rules()
    wanted = args.rule or list(rules)
    unknown = [r for r in wanted if r not in rules]
    if unknown:
        print(f"notelint: error: unknown rule(s): {', '.join(unknown)}", file=sys.stderr)
        return EXIT_ERROR
    for i, rule_id in enumerate(wanted):
        cls = rules[rule_id]
        if i:
            print("\n" + "-" * 72 + "\n")
        print(f"# {rule_id} ({cls.severity})\n")
        print(cls.documentation())
    return EXIT_CLEAN


def cmd_clean(args: argparse.Namespace) -> int:
    from lint.cache import clear

    directory = Path(args.cache_dir) if args.cache_dir else default_dir()
    removed = clear(directory)
    print(f"Removed {removed} cache entr{'y' if removed == 1 else 'ies'} from {directory}.", file=sys.stderr)
    return EXIT_CLEAN


def cmd_restructure(args: argparse.Namespace) -> int:
    from lint.parser import parse
    from lint.restructure import RestructureError, plan, write

    file = Path(args.file)
    try:
        doc = parse(read_source(file), file.name)
        written = write(plan(doc), Path(args.out), force=args.force)
    except SourceError as exc:
        print(f"notelint: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except RestructureError as exc:
        for problem in exc.problems:
            print(f"notelint: error: {problem}", file=sys.stderr)
        print("notelint: nothing was written", file=sys.stderr)
        return EXIT_ERROR
    except OSError as exc:
        print(f"notelint: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    for path in written:
        print(_display(path))
    print(f"Wrote {len(written)} file(s) to {args.out}.", file=sys.stderr)
    return EXIT_CLEAN


def cmd_cleanup(args: argparse.Namespace) -> int:
    from lint.cleanup import CleanupError, apply_cleanup, diff, plan_cleanup, summary

    try:
        result = plan_cleanup([Path(p) for p in args.paths or ["."]],
                              out=Path(args.out) if args.out else None, unsafe=args.unsafe_fixes,
                              force=args.force, config_file=Path(args.config) if args.config else None,
                              progress=_progress)
    except CleanupError as exc:
        for problem in exc.problems:
            print(f"notelint: error: {problem}", file=sys.stderr)
        print("notelint: nothing was written", file=sys.stderr)
        return EXIT_ERROR
    for line in [*result.rejected, *result.notes]:
        print(f"notelint: {line}", file=sys.stderr)
    if args.dry_run:
        sys.stdout.writelines(diff(result, _display))
        sys.stdout.write(summary(result, _display, dry_run=True))
        return EXIT_FINDINGS if result.changed else EXIT_CLEAN
    try:
        apply_cleanup(result)
    except OSError as exc:
        print(f"notelint: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    sys.stdout.write(summary(result, _display))
    return EXIT_CLEAN


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="notelint",
        description="Lint and safely fix Markdown study notes: broken JSON/YAML snippets, empty code "
        "blocks, duplicated paragraphs, typos; and write a YAML facts file.",
        epilog="Exit codes: 0 clean, 1 findings (or changes with --diff), 2 usage, config or I/O error.",
    )
    parser.add_argument("--version", action="version", version=f"notelint {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("paths", nargs="*", metavar="PATH", help="files or directories (default: .)")
        p.add_argument("--config", metavar="FILE", help="use this config file instead of discovering one")

    def selection(p: argparse.ArgumentParser) -> None:
        p.add_argument("--select", metavar="RULES",
                       help="comma-separated rule ids to run (replaces the config's)")
        p.add_argument("--ignore", metavar="RULES", help="comma-separated rule ids not to run")
        p.add_argument("--format", choices=FORMATS, default="text",
                       help="text (default), json, github (workflow annotations) or sarif (2.1.0, "
                       "with rule descriptions and fixes, for code scanning)")
        p.add_argument("--statistics", action="store_true",
                       help="print the number of findings per rule instead of the findings")
        p.add_argument("--output-file", "-o", metavar="FILE",
                       help="write the report to FILE instead of standard output")

    def baseline(p: argparse.ArgumentParser) -> None:
        p.add_argument("--baseline", metavar="FILE",
                       help="do not report findings recorded in this baseline (default: the config's "
                       "`baseline`)")
        p.add_argument("--no-baseline", action="store_true", help="report every finding, baseline or not")

    check = sub.add_parser("check", help="report findings with path:line:col",
                           description="Report findings. Exit 1 when any error or warning is found. "
                           "Findings recorded in the baseline (--baseline, or `baseline` in the config) "
                           "are not reported; baseline entries that match nothing any more are listed "
                           "on stderr as stale and do not fail the run.")
    common(check)
    selection(check)
    baseline(check)
    check.add_argument("--jobs", "-j", type=_positive, default=0, metavar="N",
                       help="check files in N processes (default: one per available core)")
    check.add_argument("--no-cache", action="store_true",
                       help="neither read nor write the cache; check every file afresh")
    check.add_argument("--cache-dir", metavar="DIR",
                       help=f"where the cache lives (default: ${{{ENV_DIR}}}, else the user cache "
                       "directory)")
    check.add_argument("--write-baseline", metavar="FILE",
                       help="record every current finding in FILE (paths relative to FILE's folder) "
                       "and exit 0; report nothing")

    fix = sub.add_parser("fix", help="apply fixes in place (safe ones unless --unsafe-fixes)",
                         description="Apply fixes to a fixed point, then report what remains. Writes "
                         "are atomic; a second run changes nothing.")
    common(fix)
    selection(fix)
    fix.add_argument("--unsafe-fixes", action="store_true", help="also apply fixes marked unsafe")
    fix.add_argument("--diff", action="store_true", help="print a unified diff and write nothing")
    # fix analyses every file afresh (it edits them); the flag is taken so that a command line
    # written for check (a hook's args, a CI step) works for fix too.
    fix.add_argument("--no-cache", action="store_true",
                     help="accepted as for check; fix never reads nor writes the cache")
    baseline(fix)

    facts = sub.add_parser("facts", help="write the YAML facts file (topics, facts, source lines)",
                           description="Build the facts file, validate it against schema/facts.schema.json, "
                           "and write it; an invalid file is never written.")
    common(facts)
    facts.add_argument("-o", "--output", metavar="FILE", help="write here (default: standard output)")
    facts.add_argument("--format", choices=("yaml", "json"), default="yaml",
                       help="yaml (default) or json: the same data, for other tools")
    facts.add_argument("--validate", metavar="FILE",
                       help="check a facts file (YAML or JSON, written by any tool) against the schema "
                       "instead of building one: exit 0 valid, 1 invalid (one line per problem, "
                       "with its JSON path), 2 unreadable")

    restructure = sub.add_parser(
        "restructure", help="split a notes file into one file per H1 topic, with an index",
        description="Split FILE at its top-level (H1) headings into one file per topic in DIR, named by "
        "a safe slug of the heading, plus README.md linking them in order. Content before the first "
        "H1 becomes a topic named after FILE. Text is moved byte for byte; only #anchor links are "
        "re-pointed to the topic file now holding their heading. Nothing is ever written outside DIR, "
        "and nothing is written at all when a target exists (unless --force) or is unsafe.")
    restructure.add_argument("file", metavar="FILE", help="the notes file to split")
    restructure.add_argument("--out", metavar="DIR", required=True, help="the folder to write into")
    restructure.add_argument("--force", action="store_true", help="overwrite files that exist in DIR")

    cleanup = sub.add_parser(
        "cleanup", help="one shot: fix, split large files, write facts, baseline and config",
        description="Apply the safe fixes (and unsafe ones with --unsafe-fixes), split every file of "
        "at least 200 lines holding 2 or more H1 topics into a folder named after it (the original "
        "is removed when working in place), write facts.yaml, a baseline of the findings left and a "
        ".notelint.toml pointing at it into the output root, so that `notelint check` on it passes "
        "and a new problem fails it. Prints per rule the findings fixed and left, every word a fix "
        "changed, and the files written. A second run changes nothing.",
        epilog="Exit codes: 0 done (or, with --dry-run, nothing to change), 1 with --dry-run: changes "
        "to make, 2 errors (nothing is written when a file cannot be read or a target conflicts).")
    common(cleanup)
    cleanup.add_argument("--out", metavar="DIR",
                         help="write the cleaned notes here (default: in place, in the common folder "
                         "of PATHs)")
    cleanup.add_argument("--unsafe-fixes", action="store_true", help="also apply fixes marked unsafe")
    cleanup.add_argument("--dry-run", action="store_true", help="print a unified diff and write nothing")
    cleanup.add_argument("--force", action="store_true",
                         help="overwrite topic files that exist with other content")

    clean = sub.add_parser("clean", help="delete the cache",
                           description="Delete every entry of notelint's cache (see check --cache-dir).")
    clean.add_argument("--cache-dir", metavar="DIR", help="the cache to delete (default: as for check)")

    rules = sub.add_parser("rules", help="explain the rules", description="Print each rule's documentation.")
    rules.add_argument("rule", nargs="*", help="rule ids (default: all)")
    return parser


def _baseline_error() -> type[Exception]:
    from lint.baseline import BaselineError

    return BaselineError


def _dispatch(args: argparse.Namespace) -> int:
    if args.command == "rules":
        return cmd_rules(args)
    if args.command == "clean":
        return cmd_clean(args)
    if args.command == "restructure":
        return cmd_restructure(args)
    if args.command == "cleanup":
        return cmd_cleanup(args)
    command = {"check": cmd_check, "fix": cmd_fix, "facts": cmd_facts}[args.command]
    return command(_Run(args))


def main(argv: Sequence[str] | None = None) -> int:
    tune_gc()
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_ERROR
    try:
        code = _dispatch(args)
        # Flushed here, not at exit: a reader that has gone away is then a BrokenPipeError below.
        sys.stdout.flush()
        return code
    except (ConfigError, _baseline_error()) as exc:  # evaluated only when an exception is raised
        print(f"notelint: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `notelint check | head`: the reader has all it wants
        # Python would report the pipe again when it flushes stdout at exit: point it nowhere.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_BROKEN_PIPE


if __name__ == "__main__":
    sys.exit(main())
