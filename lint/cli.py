"""The ``notelint`` command line: check, fix, facts and rules.

Exit codes, as CI expects them: 0 clean, 1 findings (errors or warnings; ``info`` findings are
shown but never fail a run) or, with ``--diff``, changes to make, 2 usage, config or I/O errors.
"""

from __future__ import annotations

import argparse
import difflib
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TextIO

from lint import __version__
from lint.config import Config, ConfigError, load_config
from lint.document import Document
from lint.engine import Engine
from lint.finding import Finding
from lint.parser import parse
from lint.registry import all_rules
from lint.reporters import report
from lint.source import SourceError, discover, read_source

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
FORMATS = ("text", "json", "github")
PROGRESS_MIN_FILES = 20


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
        files = list(discover(self.paths, self.config.is_excluded, self.error))
        docs = []
        for path in _progress(files, "parsing"):
            try:
                docs.append(parse(read_source(path), _display(path)))
            except SourceError as exc:
                self.error(str(exc))
        return docs

    def engine(self) -> Engine:
        return Engine(self.config, _split(self.args.select), _split(self.args.ignore))


def _split(value: str | None) -> list[str] | None:
    return [part.strip() for part in value.split(",") if part.strip()] if value else None


def _display(path: Path) -> str:
    """The path as users see it: relative to the working directory when it is below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _progress(items: Sequence[Path], what: str) -> Iterable[Path]:
    """A progress bar on stderr for long runs on a terminal; silent otherwise."""
    if len(items) < PROGRESS_MIN_FILES or not sys.stderr.isatty():
        return items
    from tqdm import tqdm

    return tqdm(items, desc=what, unit="file", file=sys.stderr, leave=False)


def _failing(findings: Iterable[Finding]) -> bool:
    return any(f.severity != "info" for f in findings)


def _exit_code(run: _Run, findings: Sequence[Finding]) -> int:
    if run.errors:
        return EXIT_ERROR
    return EXIT_FINDINGS if _failing(findings) else EXIT_CLEAN


def cmd_check(run: _Run) -> int:
    docs = run.documents()
    findings = run.engine().check(docs)
    report(findings, run.args.format, _output(run.args), sources={d.path: d for d in docs})
    return _exit_code(run, findings)


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
        fixed_count += len(result.fixed)
        for outcome in result.rejected:
            print(f"{doc.path}:{outcome.line}:{outcome.column}: {outcome.rule} fix not applied: "
                  f"{outcome.reason}", file=sys.stderr)
        if not result.converged:
            why = "a fix cycle" if result.cycle else f"{result.passes} passes"
            print(f"{doc.path}: fixes stopped after {why}; run `notelint fix` again to continue",
                  file=sys.stderr)
        if not result.changed:
            continue
        changed += 1
        if run.args.diff:
            sys.stdout.writelines(_diff(doc, result.text))
            continue
        try:
            write_atomic(Path(doc.path), encode_text(result.text))
        except OSError as exc:
            run.error(f"{doc.path}: fix not written, file left as it was: {exc}")
            continue
        docs[i] = result.document
    if not run.args.diff:
        remaining = engine.check(docs)
        report(remaining, run.args.format, _output(run.args), sources={d.path: d for d in docs})
    verb = "Would fix" if run.args.diff else "Fixed"
    print(f"{verb} {fixed_count} finding(s) in {changed} file(s).", file=sys.stderr)
    if run.args.diff:
        return EXIT_ERROR if run.errors else (EXIT_FINDINGS if changed else EXIT_CLEAN)
    return _exit_code(run, remaining)


def _diff(doc: Document, new_text: str) -> Iterable[str]:
    old = doc.text.splitlines(keepends=True)
    new = new_text.splitlines(keepends=True)
    return difflib.unified_diff(old, new, fromfile=f"a/{doc.path}", tofile=f"b/{doc.path}")


def cmd_facts(run: _Run) -> int:
    from lint.facts import build_facts, dump_facts, validate_facts, write_facts

    docs = run.documents()
    if run.errors:
        return EXIT_ERROR
    if run.args.output and run.args.output != "-":
        try:
            write_facts(docs, Path(run.args.output))
        except (OSError, ValueError) as exc:
            run.error(f"{run.args.output}: facts not written: {exc}")
            return EXIT_ERROR
        print(f"Wrote {run.args.output}.", file=sys.stderr)
        return EXIT_CLEAN
    data = build_facts(docs)
    problems = validate_facts(data)
    if problems:
        for problem in problems:
            run.error(f"facts do not match the schema: {problem}")
        return EXIT_ERROR
    sys.stdout.write(dump_facts(data))
    return EXIT_CLEAN


def cmd_rules(args: argparse.Namespace) -> int:
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


def _output(args: argparse.Namespace) -> TextIO:
    return sys.stdout


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
        p.add_argument("--format", choices=FORMATS, default="text", help="output format (default: text)")

    check = sub.add_parser("check", help="report findings with path:line:col",
                           description="Report findings. Exit 1 when any error or warning is found.")
    common(check)
    selection(check)

    fix = sub.add_parser("fix", help="apply fixes in place (safe ones unless --unsafe-fixes)",
                         description="Apply fixes to a fixed point, then report what remains. Writes "
                         "are atomic; a second run changes nothing.")
    common(fix)
    selection(fix)
    fix.add_argument("--unsafe-fixes", action="store_true", help="also apply fixes marked unsafe")
    fix.add_argument("--diff", action="store_true", help="print a unified diff and write nothing")

    facts = sub.add_parser("facts", help="write the YAML facts file (topics, facts, source lines)",
                           description="Build the facts file, validate it against schema/facts.schema.json, "
                           "and write it; an invalid file is never written.")
    common(facts)
    facts.add_argument("-o", "--output", metavar="FILE", help="write here (default: standard output)")

    rules = sub.add_parser("rules", help="explain the rules", description="Print each rule's documentation.")
    rules.add_argument("rule", nargs="*", help="rule ids (default: all)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_ERROR
    if args.command == "rules":
        return cmd_rules(args)
    try:
        run = _Run(args)
        command = {"check": cmd_check, "fix": cmd_fix, "facts": cmd_facts}[args.command]
        return command(run)
    except ConfigError as exc:
        print(f"notelint: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
