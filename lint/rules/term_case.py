"""Known terms written with the wrong casing: `Cloudfront` for `CloudFront`, `Dynamodb` for `DynamoDB`.

## What it does
Compares each word of prose (and each part of a hyphenated word, and each CamelCase name as a
whole) with the one-word terms of the domain glossary (`lint/data/glossary.txt`: AWS services,
products, CLI and config tokens) case-insensitively, and reports a word whose letters match a
term but whose casing does not: `Cloudfront`, `Elasticache`, `ElasticSearch`, `Github`, `IOT`.
A word of a multiword term ("Beanstalk" of "Elastic Beanstalk", "App" of "App Mesh") is only
reported when written in mixed case (`BeanStalk`): in lower or title case it is an ordinary word.
A one-word service or product name of two parts written as two capitalised words is reported
too: `Cloud Trail`, `Event Bridge`, `Code Deploy` (in lower case, "code deploy" or "data sync"
may be English; and Google Cloud writes `Cloud Shell`, `Cloud HSM` in two words).

What is left alone:
- a word whose lower-case form is an ordinary English word (`lambda`, `shield`, `Workspaces`):
  only a mixed-case spelling of it is reported (`BeanStalk`);
- terms written in lower case in the glossary (`buildspec`, `cfn-init`), and ALL-CAPS acronyms
  (`IAM`, `VPC`) unless `acronyms = true`;
- a Kubernetes kind in lower case (`configmap`, `statefulset`), kubectl's name for the resource
  (`kubectl get configmap`), or in lowerCamelCase (`nodePort`, `configMap`), a manifest's field
  of that name; `Configmap` and `StatefulSET` are still reported;
- an ALL-CAPS word, unless the term is an acronym with one lower-case letter (`IOT` for `IoT`,
  `DDOS` for `DDoS`);
- an all-lower-case word right after `aws` (`aws dynamodb` is a command) or in a hyphenated
  name (`authenticate-cognito`), and, with `lowercase = false`, every all-lower-case word;
- the all-lower-case name of a command-line tool (`terraform`, `docker`, `helm`) used as its
  command without backticks: before a subcommand (`terraform init`, `docker build`), after
  "run", "launch" or "exit" (`run terraform`, `exit mysql`), before "binary", "CLI" or
  "command", before `{` (`terraform {}`), or with an option after it (`ansible web -m ping`);
- any lower-case name as a dotfile (`.terraform`) or before a slash (`hashicorp/aws`), or alone
  in quotes, a value or a service's name ("start the 'nginx' and 'mariadb' services");
- a lower-case name before a resource (`namespace`, `pod`, `container`, `image`, `bucket`,
  `repo` ...) that the file also writes as code: "the *splunk* namespace" beside
  `kubectl get all -n splunk` is the namespace's name, not the product's;
- code, URLs, paths and the other non-prose spans (a line that opens with `sudo` or a `$` prompt
  is a pasted command: `sudo service postgresql status`), and words in snake_case or dotted names.

Options (`[tool.notelint.term-case]`):
- `ignore = ["Cloudfront"]`: spellings never reported;
- `terms = ["OpenTofu"]`: more terms in their canonical casing;
- `glossary-file = "notes/glossary.txt"`: more terms, in the glossary's format;
- `lowercase = true`: report all-lower-case spellings (`dynamodb`) too;
- `acronyms = false`: report lower- and title-case spellings of acronyms (`Vpc`, `cidr`) too.

## Why is this bad?
Names are part of what notes teach: `Cloudfront` is not how AWS writes it, and inconsistent
casing makes notes harder to search and to read.

## Example
```markdown
Put Cloudfront in front of the bucket and cache Dynamodb reads in Elasticache.
```
Use instead:
```markdown
Put CloudFront in front of the bucket and cache DynamoDB reads in ElastiCache.
```

## Fix
Replaces the word with the term's canonical spelling (same letters, other casing). **Safe** for
a capitalised or mixed-case word (`Cloudfront`); **unsafe** for an all-lower-case word
(`dynamodb` may be a command or an identifier written without backticks). A word that matches
several spellings of the glossary is reported without a fix.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any, ClassVar

from fixers.edit import Applicability
from fixers.replace_word import replace_word
from lint.document import Document
from lint.finding import Finding
from lint.function_words import FUNCTION_WORDS
from lint.prose import ProseIndex, Token, adjacent, code_vocabulary, prose_index, segments
from lint.registry import Rule, RuleContext, register
from lint.rules.typo import glossary_for_context
from lint.snippets.detect import COMMANDS
from lint.spelling import FAMILIAR_COUNT, Glossary, lexicon, normalise


@register
class TermCase(Rule):
    id = "term-case"
    severity = "warning"
    options: ClassVar[dict[str, Any]] = {"ignore": [], "terms": [], "glossary-file": "",
                                         "lowercase": True, "acronyms": False}

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
        glossary = glossary_for_context(ctx, self.id)
        casing = _casing(glossary, ctx)
        parts = glossary.part_casing
        ignore = frozenset(_strings(ctx.option("ignore", [])))
        lowercase = bool(ctx.option("lowercase", True))
        acronyms = bool(ctx.option("acronyms", False))
        index = prose_index(doc)
        yield from self._split_names(doc, index, glossary, ignore)
        wanted = set()
        for text in index.texts_of(casing.keys() | parts.keys()) | {t for t in index.counts if "-" in t}:
            for part in text.split("-"):
                key = part.lower()
                if (key in casing and part not in casing[key]) or (
                        key in parts and key not in casing and part not in parts[key] and _mixed(part)):
                    wanted.add(text)
        if not wanted:
            return
        for prose in index.blocks_containing(wanted):
            tokens = prose.tokens
            for i, token in enumerate(tokens):
                if token.text not in wanted:
                    continue
                for word, start, end in segments(token):
                    spellings = casing.get(word.lower())
                    if spellings is None and _mixed(word):
                        spellings = parts.get(word.lower())  # BeanStalk, of Elastic Beanstalk
                    if not spellings or word in spellings or word in ignore:
                        continue
                    if not _reportable(word, spellings, acronyms, lowercase) or _kind_as_name(
                            word, spellings, glossary.lower_case_ok):
                        continue
                    if word.islower() and (token.kind != "word" or _after_aws(doc, tokens, i)
                                           or _quoted(doc, token) or _command_use(doc, tokens, i)
                                           or _resource_name(doc, tokens, i)):
                        continue  # authenticate-cognito, aws dynamodb, terraform init: names and commands
                    yield self._finding(doc, start, end, word, spellings)

    def _split_names(self, doc: Document, index: ProseIndex, glossary: Glossary,
                     ignore: frozenset[str]) -> Iterator[Finding]:
        """A one-word service or product name written as two capitalised words: "Cloud Trail",
        "Event Bridge", "Code Deploy". Lower case ("code deploy", "data sync") may be English."""
        split = split_names(glossary)
        firsts = {t for t in index.texts_of({first for first, _ in split}) if t[:1].isupper()}
        if not firsts:
            return
        # The document's own capitalised first parts, then any capitalised word: one pass in C.
        pattern = re.compile(rf"(?<![\w-])({'|'.join(map(re.escape, sorted(firsts)))}) ([A-Z]\w*)(?![\w-])")
        for prose in index.blocks_containing(firsts):
            for m in pattern.finditer(prose.text):  # the masked text: no code, no URL
                written = m.group()
                term = split.get((m.group(1).lower(), m.group(2).lower()))
                if term is None or written in ignore:
                    continue
                start, end = doc.text_offset(prose.block, m.start()), doc.text_offset(prose.block, m.end())
                yield self.finding(doc, start, end, f"`{written}` is written `{term}`",
                                   replace_word(start, end, written, term, exact=True))

    def _finding(self, doc: Document, start: int, end: int, word: str, spellings: set[str]) -> Finding:
        if len(spellings) > 1:
            shown = " or ".join(f"`{s}`" for s in sorted(spellings))
            return self.finding(doc, start, end, f"`{word}` is written {shown}")
        (canonical,) = spellings
        applicability: Applicability = "unsafe" if word.islower() else "safe"
        fix = replace_word(start, end, word, canonical, applicability=applicability, exact=True)
        return self.finding(doc, start, end, f"`{word}` is written `{canonical}`", fix)


# What a lower-case name before one of these names: a namespace, a pod, an image ("the gitlab
# namespace"), not the product.
_RESOURCES = frozenset({
    "namespace", "namespaces", "pod", "pods", "container", "containers", "image", "images", "chart",
    "charts", "bucket", "buckets", "repo", "repos", "repository", "branch", "volume", "volumes", "label"})


def _resource_name(doc: Document, tokens: tuple[Token, ...], i: int) -> bool:
    """The word names a resource that the document also writes as code: "the *splunk* namespace"
    beside `kubectl get all -n splunk`, "the gitlab namespace" beside `-n gitlab`."""
    following = adjacent(doc, tokens, i, 1)
    return (following is not None and following.text.lower() in _RESOURCES
            and tokens[i].text in code_vocabulary(doc))


def _kind_as_name(word: str, spellings: set[str], kinds: frozenset[str]) -> bool:
    """A Kubernetes kind as kubectl names it (`configmap`), or as a field of a manifest names it
    (`nodePort`, `configMap`): both right where they are written."""
    return word.lower() in kinds and (word.islower() or any(word == s[:1].lower() + s[1:] for s in spellings))


def _reportable(word: str, spellings: set[str], acronyms: bool, lowercase: bool) -> bool:
    if word.islower() and not lowercase:
        return False
    canonical = next(iter(spellings))
    if all(s.islower() for s in spellings):
        return False  # buildspec, cfn-init: lower case is how they are written
    if all(s.isupper() for s in spellings):
        return acronyms and not word.isupper()
    if word.isupper():
        # IOT -> IoT, DDOS -> DDoS; not DYNAMODB, which is shouting, not a spelling.
        return len(spellings) == 1 and sum(c.islower() for c in canonical) == 1
    lower = word.lower()
    lex = lexicon()
    # An ordinary word: one the dictionary counts as frequent, or knows only in lower case (the
    # lower-case forms of names such as "github" come from codespell's corrections).
    ordinary = lex.count(lower) >= FAMILIAR_COUNT or (lower in lex.english and lower not in lex.spelling)
    # An ordinary word in lower or title case ("lambda", "Shield") is that word, not the name.
    return not (ordinary and (word.islower() or word[0].isupper() and word[1:].islower()))


def _mixed(word: str) -> bool:
    """Mixed case: neither lower, nor Title, nor ALL CAPS ("BeanStalk", "IPSec")."""
    return not (word.islower() or word.isupper() or word[:1].isupper() and word[1:].islower())


_QUOTES = {"'": "'", '"': '"', "‘": "’", "“": "”"}


def _quoted(doc: Document, token: Token) -> bool:
    """A word alone in quotes is a value, a service's or a host's name ("Start 'nginx' and
    'mariadb'", the aliases "kubernetes" and "kubernetes.default"), not the product."""
    text = doc.text
    if token.start == 0 or token.end >= len(text):
        return False
    close = _QUOTES.get(text[token.start - 1])
    return close is not None and text[token.end] == close


def _after_aws(doc: Document, tokens: tuple[Token, ...], i: int) -> bool:
    """``aws dynamodb ...``: a command written without backticks."""
    before = adjacent(doc, tokens, i, -1)
    return before is not None and before.text == "aws"


# Words that, right after a tool's lower-case name, make it a command line (``terraform init``,
# ``docker build``, ``git push``): the subcommands most command-line tools share.
_SUBCOMMANDS = frozenset({
    "add", "apply", "attach", "audit", "branch", "build", "checkout", "clone", "commit", "compose",
    "config", "console", "create", "delete", "deploy", "describe", "destroy", "diff", "exec", "fetch",
    "fmt", "get", "graph", "help", "images", "import", "info", "init", "inspect", "install", "list",
    "login", "logout", "logs", "ls", "merge", "output", "plan", "providers", "ps", "pull", "push",
    "rebase", "refresh", "remove", "reset", "restart", "rm", "rmi", "run", "show", "start", "state",
    "status", "stop", "swarm", "taint", "tag", "test", "uninstall", "untaint", "update", "upgrade",
    "validate", "version", "workspace",
})
# Words after the name that make it the program itself: "the terraform binary", "terraform command".
_PROGRAM = frozenset({"binary", "cli", "command", "commands", "executable"})
# Words before the name that make it a command being run, or a package: "run terraform", "ran
# git", "dnf install podman".
_RUN = frozenset({"run", "ran", "runs", "running", "execute", "executes", "executed", "executing",
                  "type", "typing", "launch", "launches", "launched", "exit", "exits", "quit",
                  "install", "installs", "installed", "installing", "uninstall", "remove"})


def _command_use(doc: Document, tokens: tuple[Token, ...], i: int) -> bool:
    """A tool's lower-case name used as its command or file name, written without backticks:
    ``run terraform``, ``terraform init``, ``the terraform binary``, ``terraform { ... }``,
    ``ansible myhost -m ping`` (an option on its line) (for the names of known commands, those
    the snippet detector knows), a dotfile (``.terraform``) or a namespace (``hashicorp/aws``)."""
    token = tokens[i]
    before_char, after_char = doc.text[token.start - 1:token.start], doc.text[token.end:token.end + 1]
    if before_char == "." or after_char == "/":
        return True  # a dotfile, or the namespace of a registry name: .terraform, hashicorp/aws
    if token.text not in COMMANDS:
        return False  # "the postgresql version", "run kubernetes": a name, for no such command exists
    if doc.text[token.end:token.end + 2].lstrip(" ")[:1] == "{":
        return True
    after = adjacent(doc, tokens, i, 1)
    if after is not None and (after.text in _SUBCOMMANDS or after.text.lower() in _PROGRAM):
        return True
    if _FLAG_AFTER.match(doc.text, token.end):
        return True  # its command line: "ansible myhost -m ping", "openssl x509 -in cert.pem"
    before = adjacent(doc, tokens, i, -1)
    return before is not None and before.text.lower() in _RUN


# An option on the same line, a few words on: the line is the command's.
_FLAG_AFTER = re.compile(r"[^\n]{0,60}?[ \t]--?[A-Za-z]")


_CAMEL_PAIR = re.compile(r"([A-Z][a-z]+)([A-Z][A-Za-z]*)")
# Google Cloud names these products in two words ("Cloud Shell", "Cloud HSM", "Cloud Search").
_TWO_WORDS_ELSEWHERE = frozenset({"CloudShell", "CloudHSM", "CloudSearch"})


@lru_cache(maxsize=8)
def split_names(glossary: Glossary) -> dict[tuple[str, str], str]:
    """The glossary's one-word service and product names of two parts ("CloudTrail"), by their
    parts in lower case: ("cloud", "trail") -> "CloudTrail"."""
    found = {}
    for term in glossary.terms:
        m = _CAMEL_PAIR.fullmatch(term.text) if term.section in ("services", "products") else None
        if m and m.group(1).lower() not in FUNCTION_WORDS and term.text not in _TWO_WORDS_ELSEWHERE:
            found[m.group(1).lower(), m.group(2).lower()] = term.text
    return found


def _casing(glossary: Glossary, ctx: RuleContext) -> dict[str, set[str]]:
    """Lower-cased term -> its canonical spellings: the glossary's and the ``terms`` option's."""
    extra = _strings(ctx.option("terms", []))
    if not extra:
        return glossary.casing
    casing = {key: set(spellings) for key, spellings in glossary.casing.items()}
    for term in extra:
        casing.setdefault(normalise(term), set()).add(term)
    return casing


def _strings(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list | tuple):
        return tuple(str(v) for v in value)
    return ()
