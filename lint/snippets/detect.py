"""Which blocks of a note are code, and in which language: detection by the shape of the lines.

Notes lose their fences: a JSON policy survives as an indented paragraph, a CloudFormation
template as an indented code block, a CLI command as a plain paragraph, a diagram as a paragraph
of pipes and arrows. ``snippets(doc)`` lists every code-ish block of a document in order:

- fenced code blocks, with the language of their info string (``Block.language``); a fence
  without one gets the detected language, if any;
- indented code blocks, paragraphs (top level or in list items, not in block quotes) and nested
  lists whose lines have the shape of JSON, YAML, shell commands or an ASCII diagram.

``detect(lines)`` asks of each language in turn whether *every* non-blank line has its shape:

- JSON: ``"key": value`` members (a value may be a placeholder such as ``true|false``), lone
  brackets, array elements, ``//`` comments and ``...`` elisions.
- YAML: ``key: value`` with a key of one word (``Type``, ``Fn::GetAtt``, ``"quoted"``), ``- item``
  lines, ``#`` comments and ``---``. A value is *strong* when it is what data holds (one token, a
  quoted string, a number, a ``!Tag``, a flow collection, nothing) and *weak* when it is several
  words. Confidence needs structure too: nesting, CloudFormation signatures (``!Ref``,
  ``AWS::S3::Bucket``, ``Fn::``), a mapping in a list item, keys that open blocks. One indented
  line in ten may be none of these (``memory "128Mi"``, a lost colon) among six keys or more
  with nesting: it is YAML, broken, not prose. Such a line may be unindented only when it is
  plainly a key and a value no prose holds (``version "3.8"``, ``version 0.2``).
- Shell: a known command (``aws``, ``sam``, ``docker``, ``echo``, ``./configure`` ...) in lower
  case, followed by arguments rather than words; options, continuations, pipes, redirections,
  placeholders and ``aws <service> <operation>`` are the evidence. Commands that are English
  words (``echo``, ``cat``, ``make`` ...) need more of it. A ``$ `` prompt makes it ``console``,
  and lets output lines follow.
- ASCII diagrams (``text``): connectors (``|---``, ``-->``, ``->``, ``---``, ``+--+``), lines of
  bars and arrows alone, alignment gaps and ragged indentation. A flow written with arrows on
  plain lines ("S3 -> Lambda -> DynamoDB") is only ``low``: a drawing has a second dimension.

The prose filter rejects any line that reads as a sentence (function words outside quoted
strings, or a long line ending in a full stop), and a key with spaces is never YAML: "Recovery
Point Objective (RPO): Time between ...", "1 RCU = 1 x 4KB read operation per second." and
"- Retention period: from 1 minute to 14 days" are prose. A paragraph needs two lines to be JSON
or YAML; an indented code block, already code, needs one.

Confidence is ``high`` when the shape leaves no doubt (the fence fix is safe), ``medium`` when it
is likely, ``low`` when the lines merely fit. ``Detection.reason`` says why in a few words. An
indented code block that matches no language and is not prose is ``text`` with ``low``
confidence (reason ``UNKNOWN``); one that is prose is no snippet at all.

Lines are read from their container's content column (a list item's; 0 at top level). An
indented code block directly followed by a paragraph (a diagram line with less indent ends the
code block, the rest goes on as a paragraph) is one snippet, and so is a diagram followed, a
blank line apart, by an indented code block. A nested list whose items are YAML mappings
(``- TargetService:`` over deeper ``Type:`` lines) is one YAML snippet, markers included. When a
line is lazy (left of its list item's column), every line is read at its file column, since that
is all that says how the lines align. Block quotes are not searched.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import NamedTuple

from lint.document import BOM, Block, Document
from lint.function_words import FUNCTION_WORDS

__all__ = [
    "CONFIDENCES",
    "UNKNOWN",
    "Detection",
    "Snippet",
    "at_least",
    "detect",
    "is_prose",
    "noun",
    "snippets",
]

CONFIDENCES = ("low", "medium", "high")


def min_confidence(option: object, default: str = "medium") -> str:
    """A rule's ``min-confidence`` option, lower-cased; an unknown value falls back to ``default``."""
    value = str(option).lower()
    return value if value in CONFIDENCES else default
UNKNOWN = "indented code of no recognised language"  # the reason of a low ``text`` detection
_NOUNS = {"json": "JSON snippet", "yaml": "YAML snippet", "bash": "shell command",
          "console": "console session", "text": "ASCII diagram"}


class Detection(NamedTuple):
    """What lines look like: ``language`` (json, yaml, bash, console, text), ``confidence`` (high,
    medium, low), ``score`` (0 to 1: how much of the snippet has the language's strongest shape)
    and ``reason``, a few words on why ("11 of 11 lines are JSON members")."""

    language: str
    confidence: str
    score: float
    reason: str


@dataclass(frozen=True)
class Snippet:
    """A code-ish block of a document.

    ``block`` is the (first) block; ``language`` the fence's language or the detected one (``""``
    for a fence without a language whose content is not recognised); ``text`` the code as it
    stands, ``block.text`` (for a paragraph its inline source as is, first line unindented);
    ``fenced`` whether it is a fenced code block; ``detection`` what detection found (``None``
    for a fence with a language).

    The other fields say where the snippet lies and what a fence would hold. ``blocks``: every
    block it spans. ``start_line``/``end_line``: its 1-based file lines (for a fence, its content
    lines). ``indent``: the column of the list item content it sits in (0 at top level), where a
    fence around it goes. ``code``: its lines without the container's indent and without their
    common indentation, one per file line (for a fence: ``block.text``). ``offsets``: the file
    offset where each line of ``code`` begins; ``offset(pos)`` maps a position in ``code`` to
    the file. ``refittable`` is false when a line is lazy or indented with tabs, so that
    re-indenting the lines into a fence is a guess.
    """

    block: Block
    language: str
    text: str
    fenced: bool
    detection: Detection | None
    blocks: tuple[Block, ...] = ()
    start_line: int = 0
    end_line: int = 0
    indent: int = 0
    code: str = ""
    offsets: tuple[int, ...] = ()
    refittable: bool = True
    _starts: list[int] = field(default_factory=list, init=False, repr=False, compare=False)

    @property
    def source(self) -> str:
        """``code``, or ``text`` for a snippet built without it."""
        return self.code or self.text

    def offset(self, pos: int) -> int:
        """The offset in ``Document.text`` of position ``pos`` in ``source``."""
        offsets = self.offsets or self.block.line_offsets
        if not offsets:
            return self.block.start
        if not self._starts:
            self._starts.extend([0, *(m.end() for m in re.finditer("\n", self.source))])
        line = min(max(0, bisect_right(self._starts, pos) - 1), len(offsets) - 1)
        return offsets[line] + pos - self._starts[line]


def at_least(confidence: str, minimum: str) -> bool:
    """Whether ``confidence`` is ``minimum`` or surer (``low`` < ``medium`` < ``high``)."""
    return CONFIDENCES.index(confidence) >= CONFIDENCES.index(minimum)


def noun(detection: Detection) -> str:
    """What a detection found, in words: "JSON snippet", "ASCII diagram", "code" ..."""
    if detection.reason == UNKNOWN:
        return "code"
    return _NOUNS.get(detection.language, f"{detection.language} code")


# ----------------------------------------------------------------------------------------------
# The prose filter

_QUOTED = re.compile(r'"(?:[^"\\\n]|\\.)*"|`[^`\n]*`')
# A plain word, with any of ,.;:!?() around it: the group is the word.
_PLAIN_WORD = re.compile(r"[,.;:!?()]*([A-Za-z][A-Za-z'\u2019]*)[,.;:!?()]*")


def _plain_words(text: str) -> list[str]:
    """The plain words of ``text`` outside quoted strings and inline code."""
    # Most lines have no quote or backtick: the substitution would scan them for nothing.
    bare = _QUOTED.sub(" ", text) if '"' in text or "`" in text else text
    return [m.group(1) for m in map(_PLAIN_WORD.fullmatch, bare.split()) if m]


@lru_cache(maxsize=1 << 12)  # detectors ask again about the lines that others turned down
def is_prose(line: str) -> bool:
    """Whether a line reads as a sentence rather than as code."""
    words = _plain_words(line)
    stop = sum(1 for w in words if w.lower() in FUNCTION_WORDS)
    if stop >= 3 or (stop >= 2 and len(words) >= 4):
        return True
    stripped = line.rstrip()
    return len(words) >= 5 and stripped.endswith((".", "?", "!")) and not stripped.endswith("...")


# ----------------------------------------------------------------------------------------------
# JSON

_JSON_TOKEN = re.compile(r"""
    (?P<string>"(?:[^"\\]|\\.)*")
  | (?P<number>-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?(?![\w.]))
  | (?P<literal>(?:true|false|null)(?![\w|]))
  | (?P<punct>[\[\]{},:])
  | (?P<ellipsis>\.\.\.|\u2026)
  | (?P<word>[A-Za-z_$][\w$.|<>-]*)
  | (?P<space>\s+)
""", re.VERBOSE)
_JSON_COMMENT = re.compile(r'^((?:[^"/]|"(?:[^"\\]|\\.)*"|/(?![/*]))*)(//.*|/\*.*)$')
_JSON_MEMBER = re.compile(r'^"(?:[^"\\]|\\.)*"\s*:')


def _json_tokens(text: str) -> list[tuple[str, str]] | None:
    """The JSON tokens of a line as (kind, text), or None when something else is in it."""
    tokens = []
    pos = 0
    while pos < len(text):
        m = _JSON_TOKEN.match(text, pos)
        if m is None:
            return None
        if m.lastgroup != "space":
            tokens.append((m.lastgroup or "", m.group()))
        pos = m.end()
    return tokens


def _json_line(line: str) -> str:
    """member, pseudo (a member with a placeholder value), element, bracket, comment, ellipsis
    or other."""
    s = line.strip()
    if s.startswith(("//", "/*", "*")):
        return "comment"
    if s[:1].isalpha() and not s.startswith(("true", "false", "null")):
        return "other"  # a word first: no JSON line starts so
    m = _JSON_COMMENT.match(s) if "//" in s or "/*" in s else None  # a comment needs either
    if m:
        s = m.group(1).rstrip()
    if s in ("...", "\u2026", "...,"):
        return "ellipsis"
    tokens = _json_tokens(s)
    if not tokens or is_prose(s):
        return "other"
    kinds = [k for k, _ in tokens]
    words = kinds.count("word")
    if words > 1:
        return "other"  # one placeholder (httpStatusCode) at most, never a phrase
    if all(k == "punct" for k in kinds):
        return "bracket" if all(t in "[]{}," for _, t in tokens) else "other"
    if _JSON_MEMBER.match(s):
        if len(tokens) < 3 or (kinds[2] == "punct" and tokens[2][1] not in "[{"):
            return "other"  # "key": with nothing, or a comma, after it
        return "pseudo" if words or "ellipsis" in kinds else "member"
    if words or not (kinds[0] in ("string", "number", "literal") or tokens[0][1] in "[{"):
        return "other"
    # An element ends with a comma or a bracket, or stands alone: "a" "b" is not one.
    punct = {t for k, t in tokens if k == "punct"}
    values = sum(1 for k in kinds if k in ("string", "number", "literal"))
    return "other" if values > 1 and not punct & {",", ":"} else "element"


# A member whose key lost its double quotes ('Resource': 'x', or Version: "2012-10-17"): a slip
# in a JSON object, when it is the only one and the rest is plainly JSON.
_JSON_SLIP = re.compile(r"""\s*(?:'[^'\n]*'|[A-Za-z_$][\w$]*)\s*:\s*(?:["'\[{\d-]|true|false|null)""")
MIN_MEMBERS_AROUND_A_SLIP = 4


def _detect_json(lines: Sequence[str], code: bool) -> Detection | None:
    content = [ln for ln in lines if ln.strip()]
    kinds: list[str] = []
    for ln in content:
        kinds.append(_json_line(ln))
        if kinds[-1] == "other":
            if "slip" in kinds or not _JSON_SLIP.match(ln):
                return None  # one line of something else is enough: stop reading
            kinds[-1] = "slip"
    n = len(kinds)
    if not n or (n < 2 and not code):
        return None
    members, pseudo = kinds.count("member"), kinds.count("pseudo")
    slipped = "slip" in kinds
    if slipped and not (content[0].strip() in ("{", "[") and members >= MIN_MEMBERS_AROUND_A_SLIP):
        return None  # "Name: x" among a few members: YAML or prose as much as JSON
    parses = not slipped and _parses(content)
    if members + pseudo == 0 and not parses:
        return None  # brackets and values alone: an array of numbers is too little to go on
    sure = parses or (n >= 3 and members >= 2) or (code and n >= 2 and members >= 1)
    confidence = "high" if sure and not slipped else "medium"
    what = "JSON members" if members + pseudo == n else "JSON members, brackets or values"
    reason = f"{n} of {n} lines are {what}"
    if slipped:
        reason = f"{n - 1} of {n} lines are {what}, one a member whose key lost its double quotes"
    if parses:
        reason += ", and it parses as JSON"
    return Detection("json", confidence, round((members + pseudo) / n, 2), reason)


def _parses(lines: Sequence[str]) -> bool:
    text = "\n".join(lines).strip()
    if not text.startswith(("{", "[")):
        return False
    try:
        json.loads(text)
    except (ValueError, RecursionError):
        return False
    return True


# ----------------------------------------------------------------------------------------------
# YAML

_YAML_KEY = re.compile(r"""^(?P<key>"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'
    |[A-Za-z0-9_$@][\w.$@/-]*(?:::[\w.$@/<>-]+)*)[ \t]*:(?:[ \t]+(?P<value>.*?))?[ \t]*$""", re.VERBOSE)
_YAML_COMMENT = re.compile(r"""^((?:[^"'#]|"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|(?<=\S)\#)*?)\s+\#.*$""")
_CFN_TAGS = ("Ref", "Condition", "And", "Base64", "Cidr", "Equals", "FindInMap", "ForEach", "GetAZs",
             "GetAtt", "If", "ImportValue", "Join", "Length", "Not", "Or", "Select", "Split", "Sub",
             "ToJsonString", "Transform")
_CFN_VALUE = re.compile(r"\bAWS::\w+::\w+|^\"?AWS::[A-Za-z]+\"?$|^(?:Fn::|!)(?:"
                        + "|".join(_CFN_TAGS) + r")\b")
_CFN_KEYS = frozenset({"AWSTemplateFormatVersion", "Resources", "Parameters", "Outputs", "Mappings",
                       "Conditions", "Properties", "Metadata", "Globals"})
_PUNCTUATION = re.compile(r"^[^\w\s\"'!&*\[{|>/~]+$")
_YAML_SCALAR = re.compile(r"""^(?:"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[|>][-+0-9]*|![\w!/:.-]*(?:\s.*)?
    |&\S+(?:\s.*)?|\*\S+|\[.*\]|\{.*\}|\S+)$""", re.VERBOSE)


# A key that lost its colon, over a value no prose holds: `version "3.8"`, `version 0.2`.
_LOST_COLON = re.compile(r"""^[A-Za-z_][\w-]*[ ]+(?:"[^"]*"|'[^']*'|\d+\.\d+)$""")


class _YamlLine(NamedTuple):  # a named tuple: quicker to define and to build than a frozen dataclass
    kind: str  # key, item, comment, doc, prose, other, lost (a key that lost its colon)
    indent: int  # column of the content (after any "- " marker: where a mapping's keys sit)
    strong: bool = False  # a value such as data holds (or none: the key opens a block)
    opener: bool = False  # a key with no value: its children follow
    cfn: bool = False
    in_item: bool = False  # the key follows a "- " marker
    block: bool = False  # the key's value is a block scalar ("|", ">"): text follows, indented


def _yaml_line(line: str) -> _YamlLine:
    # A tab in the indentation is no YAML (the loader says so), but it is meant as indentation.
    stripped = line.lstrip(" \t")
    indent = len(line[:len(line) - len(stripped)].expandtabs(4))
    s = stripped.rstrip()
    if s.startswith("#"):
        return _YamlLine("comment", indent)
    if s in ("---", "...") or s.startswith("--- "):
        return _YamlLine("doc", indent)
    if s == "-" or s.startswith("- "):
        rest = s[1:].lstrip(" ")
        if not rest:
            return _YamlLine("item", indent)
        inner = _yaml_line(" " * (indent + len(s) - len(rest)) + rest)
        if inner.kind == "key":
            return inner._replace(in_item=True)
        if is_prose(rest):
            return _YamlLine("prose", indent)
        return _YamlLine("item", indent, strong=_YAML_SCALAR.match(rest) is not None and " " not in rest)
    m = _YAML_COMMENT.match(s) if "#" in s else None  # slow to fail, and it needs a "#"
    key = _YAML_KEY.match(m.group(1) if m else s)
    if key is None:
        if _LOST_COLON.match(s):
            return _YamlLine("lost", indent)
        return _YamlLine("prose" if is_prose(s) else "other", indent)
    value = (key.group("value") or "").strip()
    name = key.group("key")
    if not value:
        return _YamlLine("key", indent, True, True, name in _CFN_KEYS or name.startswith("Fn::"))
    cfn = _CFN_VALUE.search(value) is not None or name.startswith("Fn::")
    if _PUNCTUATION.match(value):
        return _YamlLine("key", indent, cfn=cfn)  # "cfn-init: ---": a placeholder, not data
    if _YAML_SCALAR.match(value) and not (" " in value and value[0] not in "\"'!&[{|>"):
        return _YamlLine("key", indent, strong=True, cfn=cfn, block=value[0] in "|>")
    if is_prose(value) or value.endswith((".", "?", "!")):
        return _YamlLine("prose", indent)
    return _YamlLine("key", indent, cfn=cfn)


MIN_KEYS_AROUND_A_SLIP = 6


def _detect_yaml(lines: Sequence[str], code: bool) -> Detection | None:
    parsed: list[_YamlLine] = []
    others = 0  # lines that are neither key nor item nor prose: "  Type Api", 'version "3.8"'
    text_under = -1  # the indent of a key whose block scalar's lines follow: they are its text
    for ln in lines:
        if ln.strip():
            line = _yaml_line(ln)
            if text_under >= 0 and line.indent > text_under:
                continue  # "app.properties: |" over "  cache.ttl=300": text, neither key nor other
            text_under = line.indent if line.block else -1
            parsed.append(line)
            kind, indent = line.kind, line.indent
            if kind == "prose" or (kind == "other" and indent == 0):
                return None
            others += kind in ("other", "lost")
    n = len(parsed)
    if not n:
        return None
    keys = [p for p in parsed if p.kind == "key"]
    items = [p for p in parsed if p.kind == "item"]
    if not keys or (n < 2 and not code):
        return None
    # Items are neutral: "- npm ci" is a fine value. Keys carry the evidence.
    ratio = sum(1 for p in keys if p.strong) / len(keys)
    pairs = list(zip(parsed, parsed[1:], strict=False))
    data = ("key", "item")
    nested = any(b.indent > a.indent for a, b in pairs if a.kind in data and b.kind in data)
    # A line that lost its colon inside a nested mapping ("  memory "128Mi"") leaves YAML that
    # no longer loads: still YAML, broken, when keys carry the rest (one such line, or one in
    # ten, and at least six keys).
    if others and ((others > 1 and others * 10 > n) or len(keys) < MIN_KEYS_AROUND_A_SLIP or not nested):
        return None
    # A key with no value over more keys ("phases:" / "install:"): flattened YAML, when other
    # keys hold values too ("Notes:" / "Todo:" is a heading or two).
    opened = n >= 3 and any(p.strong and not p.opener for p in keys) \
        and any(a.opener and b.indent >= a.indent for a, b in pairs)
    # "- source: a" over "  destination: b": a mapping in a list item, a shape only YAML has.
    in_item = any(a.in_item and b.kind == "key" and not b.in_item and b.indent == a.indent for a, b in pairs)
    cfn = any(p.cfn for p in parsed)
    if ratio >= 0.8 and ((len(keys) >= 2 and (nested or cfn)) or (code and cfn and ratio == 1)):
        confidence = "high"
    elif ratio >= 0.6 and (nested or cfn or opened or in_item or (code and len(keys) >= 2)) and (
            len(keys) >= 2 or all(p.strong for p in items)):
        # One key over items of several words is a label over a list ("Egs:" over "- Service
        # FQDN: `x`"); over one-word items it is YAML's list ("packages:" over "- nginx").
        confidence = "medium"
    else:
        confidence = "low"
    signs = [sign for sign, present in (("CloudFormation syntax", cfn), ("nesting", nested),
                                        ("a mapping in a list item", in_item and not nested)) if present]
    if items:
        reason = f"{len(keys) + len(items)} of {n} lines are YAML keys or items"
    else:
        reason = f"{len(keys)} of {n} lines are YAML keys"
    if signs:
        reason += ", with " + " and ".join(signs)
    return Detection("yaml", confidence, round(ratio, 2), reason)


# ----------------------------------------------------------------------------------------------
# Shell

COMMANDS = frozenset("""
aws sam eb cdk amplify copilot terraform tofu pulumi kubectl eksctl helm docker podman git curl wget
pip pip3 pipx python python3 npm npx yarn pnpm node deno sudo apt apt-get yum dnf brew echo printf
export cd ls cat grep egrep sed awk chmod chown mkdir rm rmdir cp mv ssh scp sftp rsync tar unzip zip
gzip gunzip base64 openssl jq yq systemctl journalctl cfn-init cfn-signal cfn-hup gcloud gsutil az
make mvn gradle cargo rustc gcc javac java ruby gem bundle sh bash zsh pwsh nc dig nslookup ping
traceroute telnet ssh-keygen ssh-add crontab useradd usermod passwd hostname ifconfig iptables
netstat uname whoami mount umount mkfs lsblk df du ps kill killall nohup xargs aws-vault saml2aws
session-manager-plugin ecs-cli serverless sls localstack awslocal ansible ansible-playbook mysql psql
sqlite3 mongosh redis-cli service
""".split())  # noqa: SIM905 - a word list reads better as text
# Commands that are also English words need an option, pipe or redirection more as evidence.
_WORDLIKE = frozenset({"cat", "cd", "echo", "export", "kill", "make", "mount", "ping", "printf", "service"})
_SHELL_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|\'[^\']*\'|\S+')
_PATH_COMMAND = re.compile(r"^(?:\.{1,2}|~)?/[\w.+-]+(?:/[\w.+-]+)*$")
_COMMAND_NAME = re.compile(r"^[a-z][\w.+-]*$")
_ENV_ASSIGN = re.compile(r"^[A-Z_][A-Z0-9_]*=\S*$")
_OPTION = re.compile(r"^--?[A-Za-z][\w-]*(?:=.*)?$")
_KEBAB = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_FILE_NAME = re.compile(r"^[\w./-]+\.(?:txt|json|ya?ml|sh|py|js|ts|zip|tar|gz|enc|pem|key|csv|log|conf|cfg"
                        r"|ini|md|html|xml|jar|war|toml)$")
_PLACEHOLDER = re.compile(r"<[^<>\s]+>|\$\{?\w+\}?|\$\(")
_OPERATORS = frozenset({"|", "||", "&&", ">", ">>", "<", "2>&1", "\\", "2>", "&>"})
_CONTINUES = ("\\", "|", "&&")


class _ShellLine(NamedTuple):
    kind: str  # command, prompt, continuation, comment, output, other
    evidence: int = 0  # options, pipes, redirections, placeholders, an `aws <service> <op>` form
    wordlike: bool = False
    continues: bool = False  # ends with a backslash, a pipe or &&: the next line goes on


# The lines that carry nothing but their kind, made once.
_PROMPT, _COMMENT, _OUTPUT, _OTHER = (_ShellLine("prompt", 1), _ShellLine("comment"), _ShellLine("output"),
                                      _ShellLine("other"))


def _shell_command(s: str, prompted: bool = False) -> _ShellLine | None:
    """A command line: a known command (any command-shaped word after a ``$ `` prompt, or a path
    such as ``./configure``) followed by arguments that are not a sentence."""
    for token in _SHELL_TOKEN.finditer(s):
        if not (_ENV_ASSIGN.match(token.group()) or token.group() == "sudo"):
            break
    else:
        return None
    command = token.group()
    known = command in COMMANDS or (prompted and _COMMAND_NAME.match(command) is not None)
    if not known and _PATH_COMMAND.match(command) is None:
        return None  # most lines: turned down by their first word, before the rest is tokenized
    args = _SHELL_TOKEN.findall(s, token.end())
    if not known and command.startswith("/") and not args:
        return None  # a path runs a script when it is relative ("./configure") or has arguments
    if is_prose(" ".join(args)) or (s.rstrip().endswith((".", ":", "?", "!")) and args[-1:] != ["."]):
        return None
    if any(a[0] not in "\"'" and a.lower() in FUNCTION_WORDS for a in args):
        return None  # "cd into the folder": an argument is a function word
    evidence = _shell_evidence(args)
    if command == "aws" and len(args) >= 2 and _KEBAB.match(args[0]) and _KEBAB.match(args[1]):
        evidence += 1
    return _ShellLine("command", evidence, command in _WORDLIKE, s.rstrip().endswith(_CONTINUES))


def _shell_evidence(args: Sequence[str]) -> int:
    evidence = 0
    for a in args:
        if _ENV_ASSIGN.match(a):
            evidence += 2  # export PATH=...: shell beyond doubt
        elif _OPTION.match(a) or a in _OPERATORS or "://" in a or _PLACEHOLDER.search(a) \
                or (a.startswith(("./", "~/", "/")) and len(a) > 1) \
                or ("=" in a and a[0].isalpha()) or (_FILE_NAME.match(a) and not a[0].isupper()):
            evidence += 1
    return evidence


def _shell_lines(lines: Sequence[str]) -> list[_ShellLine]:
    out: list[_ShellLine] = []
    continues = prompted = False
    for line in lines:
        s = line.strip()
        if not s:
            continues = False
            continue
        if s.startswith("$ ") or s == "$":
            command = _shell_command(s[2:], prompted=True)
            out.append(_PROMPT if command else _OTHER)
            prompted = prompted or command is not None
            continues = command is not None and command.continues
        elif continues or s.startswith(("--", "| ", "&& ", "|| ")) \
                or (s.startswith("-") and _OPTION.match(s.split()[0])):
            tokens = _SHELL_TOKEN.findall(s)
            prose = is_prose(" ".join(t for t in tokens if not t.startswith(("'", '"'))))
            out.append(_ShellLine("other" if prose else "continuation", _shell_evidence(tokens)))
            continues = s.endswith(_CONTINUES)
        elif s.startswith("#"):
            out.append(_COMMENT)
        elif (command := _shell_command(s)) is not None:
            out.append(command)
            continues = command.continues
        elif prompted:
            out.append(_OUTPUT)
        else:
            out.append(_OTHER)
            break  # not shell: the rest need not be read
    return out


def _detect_shell(lines: Sequence[str], code: bool) -> Detection | None:
    parsed = _shell_lines(lines)
    n = len(parsed)
    if not n or any(p.kind == "other" for p in parsed) or (parsed[0].kind != "prompt" and any(
            p.kind == "prompt" for p in parsed)):
        return None
    commands = [p for p in parsed if p.kind in ("command", "prompt")]
    if not commands:
        return None
    prompts = sum(1 for p in commands if p.kind == "prompt")
    evidenced = [p for p in commands if p.evidence >= (2 if p.wordlike else 1)]
    if prompts or len(evidenced) == len(commands):
        confidence = "high"
    elif evidenced or any(p.evidence for p in parsed if p.kind == "continuation"):
        confidence = "medium"
    elif not any(p.wordlike for p in commands):
        # Already code, a command that is no English word is enough to be fairly sure.
        confidence = "medium" if code else "low"
    elif code:
        confidence = "low"
    else:
        return None  # "echo ..." alone in a paragraph: a word, as far as anyone can tell
    if prompts:
        reason = f"{prompts} {'line starts' if prompts == 1 else 'lines start'} with a $ prompt"
    else:
        reason = f"{len(commands)} shell {'command' if len(commands) == 1 else 'commands'}"
        if evidenced:
            reason += " with options, pipes or redirections"
        if n > len(commands):
            reason += f" over {n} lines"
    language = "console" if prompts else "bash"
    return Detection(language, confidence, round(len(evidenced) / len(commands), 2), reason)


# ----------------------------------------------------------------------------------------------
# ASCII diagrams

_CONNECTOR = re.compile(r"\|-+|-+\||-{2,}>|<-{2,}|-+>|<-+|={2,}>|\+-{2,}|-{2,}\+|-{3,}|(?<=\s\s)--(?=\s\s)"
                        r"|[│├└┌┐┘┬┴┼─═║╔╗╚╝▶►→←↑↓]")
_BAR = re.compile(r"(?:^|\s)[|^v](?:\s|$)")
_GAP = re.compile(r"\S {3,}\S")
_WIDE_GAP = re.compile(r"\S {6,}\S")
# A line drawn with nothing but bars, arrows and rules ("   ^     |", "  +---+", "  v").
_DRAWING = re.compile(r"^(?=.*[|^+<>-])[|^v+<>=*/\\_.\s-]+$|^v$")
_BORDER = re.compile(r"^\s*\+[-=+]{3,}\+?\s*$")
_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")


def _detect_diagram(lines: Sequence[str], code: bool) -> Detection | None:
    content = [ln.rstrip() for ln in lines if ln.strip()]
    n = len(content)
    if n < 2 or any(is_prose(ln) for ln in content):
        return None
    if not any(_BORDER.match(ln) for ln in content) \
            and any(_TABLE_ROW.match(ln) and ln.count("|") >= 3 for ln in content):
        return None  # rows of a Markdown table that lost its delimiter row: not a drawing
    least = min(len(ln) - len(ln.lstrip()) for ln in content)
    connectors = drawn = ragged = wide = vertical = gaps = rules = 0
    for ln in content:
        body = ln.strip()
        rule = _DRAWING.match(body) is not None
        connector = rule or _CONNECTOR.search(body) is not None
        # Ragged: a line indented well past the least indented one, as prose never is.
        shifted = len(ln) - len(body) >= least + 4 and len(body.split()) <= 6
        gap = _GAP.search(body) is not None
        rules += rule
        connectors += connector
        ragged += shifted
        gaps += gap
        wide += _WIDE_GAP.search(body) is not None
        vertical += rule or "|" in body
        drawn += connector or shifted or gap or _BAR.search(body) is not None
    if rules >= 2:
        # Lines of bars and arrows alone may join short labels ("Client", "  |", "  v", "Server").
        drawn += sum(1 for ln in content if len(ln.split()) <= 4 and not ln.endswith((".", ":")))
    if drawn < n or not (connectors or wide >= 2):
        return None
    # A second dimension (bars, rules, columns, indentation) tells a drawing from a flow written
    # with arrows ("S3 -> Lambda -> DynamoDB"), which may be a sentence in disguise.
    two_d = ragged or vertical or wide or gaps >= 2
    if connectors and two_d and (connectors >= 2 or ragged):
        confidence = "high"
    elif (connectors and (two_d or code)) or (wide >= 2 and (n >= 3 or code)):
        confidence = "medium"
    else:
        confidence = "low"
    if connectors:
        reason = f"{connectors} of {n} lines draw connectors"
    else:
        reason = f"{wide} of {n} lines are laid out in columns"
    return Detection("text", confidence, round(max(connectors, wide) / n, 2), reason)


# ----------------------------------------------------------------------------------------------
# Detection

_DETECTORS = (_detect_json, _detect_yaml, _detect_shell, _detect_diagram)


def detect(lines: Sequence[str], *, code: bool = False) -> Detection | None:
    """The language of ``lines`` (relative indentation kept), or ``None`` for prose or unknown.

    ``code`` says the lines are known to be code already (an indented code block, a fence): a
    single line may then be enough, and some confidences are higher.
    """
    content = [ln for ln in lines if ln.strip()]
    if not content:
        return None
    if len(content) == 1 and not code:
        # Most paragraphs: one line, which only a shell command can be (every other language needs
        # two lines outside code).
        return _detect_shell(lines, code)
    for detector in _DETECTORS:
        found = detector(lines, code)
        if found is not None:
            return found
    return None


# ----------------------------------------------------------------------------------------------
# Snippets of a document

_LIST_MARKER = re.compile(r"([-+*]|\d{1,9}[.)])([ ]{1,5}|$)")


class _Span:
    """File lines that may be one snippet, read from a container's content column.

    A plain class: one is made for every paragraph, and a dataclass is slow to define at import."""

    __slots__ = ("blocks", "code", "end_line", "indent", "lines", "raws", "refittable", "start_line",
                 "starts")

    def __init__(self, blocks: list[Block], start_line: int, end_line: int, indent: int, code: bool) -> None:
        self.blocks = blocks
        self.start_line = start_line
        self.end_line = end_line
        self.indent = indent  # the container's content column
        self.code = code  # an indented code block is among the blocks
        self.lines: list[str] = []
        self.raws: list[str] = []  # the file lines, without terminator or BOM
        self.starts: list[int] = []  # where each file line begins
        self.refittable = True


def snippets(doc: Document) -> list[Snippet]:
    """Every code-ish block of ``doc`` in order (computed once per document)."""
    return doc.memo("snippets", lambda: _find(doc))


def unfenced(doc: Document, minimum: str = "medium") -> Iterator[Snippet]:
    """Detected snippets outside any fence, at ``minimum`` confidence or surer: what
    ``unfenced-code`` reports at its default, and what prose leaves out."""
    for snippet in snippets(doc):
        detection = snippet.detection
        if not snippet.fenced and detection is not None and at_least(detection.confidence, minimum):
            yield snippet


def _find(doc: Document) -> list[Snippet]:
    found = [_fenced(doc, b) for b in doc.blocks if b.kind == "code" and b.style == "fenced"]
    containers: dict[int | None, list[Block]] = {}
    active: set[int | None] = set()  # the containers with a child that may start a snippet
    for block in doc.blocks:
        containers.setdefault(block.parent, []).append(block)
        if block.parent not in active and _may_start_run(doc, block):
            active.add(block.parent)
    for parent, children in containers.items():
        if parent not in active:
            continue  # most list items: their text alone, on the marker line
        column = _content_column(doc, parent)
        if column is not None:
            found.extend(_container_snippets(doc, children, column))
    found.sort(key=lambda s: (s.start_line, s.block.start))
    return _outermost(found)


def _outermost(found: list[Snippet]) -> list[Snippet]:
    """``found`` without the unfenced snippets that lie inside another: a play read as YAML
    holds its tasks' list, which on its own reads as YAML too."""
    kept: list[Snippet] = []
    end = 0  # the last line of the latest unfenced snippet kept
    for snippet in found:
        if not snippet.fenced and snippet.detection is not None:
            if snippet.end_line <= end:
                continue
            end = snippet.end_line
        kept.append(snippet)
    return kept


def _fenced(doc: Document, block: Block) -> Snippet:
    detection = None
    language = block.language
    if not language:
        detection = detect(block.text.split("\n"), code=True)
        language = detection.language if detection else ""
    first = block.start_line + 1
    last = first + len(block.line_offsets) - 1
    return Snippet(block, language, block.text, True, detection, (block,), first, last,
                   _content_column(doc, block.parent) or 0, block.text, block.line_offsets)


def _content_column(doc: Document, parent: int | None) -> int | None:
    """The column where the content of container ``parent`` starts (0 at top level); None in a
    block quote or where the list item's marker line cannot be read plainly (tabs)."""
    if parent is None:
        return 0
    block = doc.blocks[parent]
    if block.kind != "list_item":
        return None
    ancestor: Block | None = block
    while ancestor is not None:
        if ancestor.kind == "quote":
            return None
        ancestor = doc.parent_of(ancestor)
    line = _line_text(doc, block.start_line)
    start = block.start - _line_start(doc, block.start_line)
    if "\t" in line[:start + 8]:
        return None
    m = _LIST_MARKER.match(line, start)
    if m is None:
        return None
    if len(m.group(2)) in (0, 5) or m.end() == len(line):
        return start + len(m.group(1)) + 1  # no content on the marker line, or indented code
    return m.end()


def _line_text(doc: Document, line: int) -> str:
    """Line ``line`` without its terminator, and without the BOM on line 1."""
    return _file_lines(doc)[line - 1]


def _line_start(doc: Document, line: int) -> int:
    """Offset of the first character of ``line`` (after the BOM on line 1)."""
    start = doc.line_starts[line - 1]
    return start + 1 if line == 1 and doc.has_bom else start


def _file_lines(doc: Document) -> list[str]:
    """Every line without its terminator, and without the BOM on line 1, split once a document."""
    def split() -> list[str]:
        text, starts = doc.text, doc.line_starts
        if "\r" not in text:
            # "\n" alone ends lines: a split does what slicing every line and stripping would.
            lines = text.split("\n")[:len(starts)]
            if lines and lines[0].startswith(BOM):
                lines[0] = lines[0][1:]
            return lines
        ends = [*starts[1:], len(text)]
        lines = [text[start:end].rstrip("\r\n") for start, end in zip(starts, ends, strict=True)]
        if lines and lines[0].startswith(BOM):
            lines[0] = lines[0][1:]
        return lines
    return doc.memo("snippets.lines", split)


def _read(doc: Document, span: _Span) -> None:
    """Fill ``span.lines`` with the file lines read from the container's column, or, when a line
    is lazy, from column 0 (only the file's columns say how such lines align)."""
    first, last = span.start_line - 1, span.end_line
    span.raws = raws = _file_lines(doc)[first:last]
    span.starts = doc.line_starts[first:last]
    if first == 0 and doc.has_bom:
        span.starts[0] += 1
    lines = []
    lazy = False
    indent = span.indent
    for raw in raws:
        body = raw.lstrip(" \t")
        if not body:
            if "\t" in raw:
                span.refittable = False
            lines.append("")
            continue
        if len(body) == len(raw):  # no indent
            lazy = lazy or indent > 0
            lines.append(raw)
            continue
        lead = raw[:len(raw) - len(body)]
        if "\t" in lead:
            span.refittable = False  # a tab's width depends on the renderer: read it as 4
            lead = lead.expandtabs(4)
            raw = lead + body
        lazy = lazy or len(lead) < indent
        lines.append(raw)
    span.refittable = span.refittable and not lazy
    span.lines = lines if lazy or not indent else [ln[indent:] for ln in lines]


def _child_on_marker_line(doc: Document, block: Block) -> bool:
    """A block that starts on its list item's marker line: it is the item's text, and a fence
    cannot replace its lines without the marker."""
    parent = doc.parent_of(block)
    return parent is not None and parent.kind == "list_item" and block.start_line == parent.start_line


def _may_start_run(doc: Document, block: Block) -> bool:
    """A paragraph, list or indented code block that is not its list item's marker-line text."""
    return (block.kind in ("paragraph", "list") or (block.kind == "code" and block.style == "indent")) \
        and not _child_on_marker_line(doc, block)


def _container_snippets(doc: Document, children: list[Block], column: int) -> list[Snippet]:
    """Snippets among the direct children of one container."""
    runs: list[_Span] = []
    previous: Block | None = None
    for block in children:
        if not _may_start_run(doc, block):
            pass
        elif block.kind == "paragraph" and previous is not None and runs and runs[-1].blocks[-1] is previous \
                and previous.kind == "code" and previous.end_line + 1 == block.start_line:
            runs[-1].blocks.append(block)  # the rest of what began as indented code
            runs[-1].end_line = block.end_line
        else:
            runs.append(_Span([block], block.start_line, block.end_line, column, block.kind == "code"))
        previous = block
    detected: list[tuple[_Span, Detection | None]] = []
    for span in runs:
        if span.blocks[0].kind == "list":
            detection = _yaml_list(doc, span)  # reads the lines only if its items may be YAML
        elif not span.code and span.start_line == span.end_line:
            # Most paragraphs: one line, which only a shell command can be. The shell detector
            # reads each line stripped, as the file has it: the span is read only for a snippet.
            detection = _detect_shell([_line_text(doc, span.start_line)], False)
            if detection is not None:
                _read(doc, span)
        else:
            _read(doc, span)
            detection = detect(span.lines, code=span.code)
            if detection is None and span.code and not any(is_prose(ln) for ln in span.lines):
                detection = Detection("text", "low", 0.0, UNKNOWN)
        detected.append((span, detection))
    merged = _merge_diagrams(doc, children, detected)
    return [_snippet(span, detection) for span, detection in merged if detection is not None]


def _yaml_list(doc: Document, span: _Span) -> Detection | None:
    """A list whose items are YAML mappings (``- Name:`` over deeper keys): YAML, markers and all.
    An item's text may hold a list of its own (``tasks:`` over ``- name: x``), as a play does."""
    items = [doc.blocks[i] for i in span.blocks[0].children]
    texts = [doc.blocks[item.children[0]] for item in items if item.children]
    if not items or len(texts) != len(items) or any(b.kind != "paragraph" for b in texts) or any(
            doc.blocks[i].kind not in ("paragraph", "list") for item in items for i in item.children[1:]):
        return None
    if all(b.end_line == b.start_line for b in texts):
        return None  # one line an item: a list of notes, whatever their colons
    _read(doc, span)
    detection = _detect_yaml(span.lines, False)
    if detection is None or not at_least(detection.confidence, "medium"):
        return None
    return detection


def _merge_diagrams(doc: Document, children: list[Block],
                    detected: list[tuple[_Span, Detection | None]]) -> list[tuple[_Span, Detection | None]]:
    """Join a diagram with the indented code block right after it (a blank line apart): a part
    of the drawing indented four columns became code, the rest stayed a paragraph."""
    if not any(span.code and found is not None and found.language == "text" for span, found in detected[1:]):
        return detected  # most containers: no indented code reads as a drawing, nothing to join
    out: list[tuple[_Span, Detection | None]] = []
    position = {b.index: i for i, b in enumerate(children)}
    for span, detection in detected:
        if out and span.code and detection is not None and detection.language == "text":
            before, found = out[-1]
            adjacent = position[span.blocks[0].index] == position[before.blocks[-1].index] + 1
            if adjacent and found is not None and found.language == "text" and found.reason != UNKNOWN \
                    and at_least(found.confidence, "medium"):
                joined = _Span(before.blocks + span.blocks, before.start_line, span.end_line, before.indent,
                               True)
                _read(doc, joined)
                again = _detect_diagram(joined.lines, True)
                if again is not None:
                    out[-1] = (joined, again)
                    continue
        out.append((span, detection))
    return out


def with_tabs(doc: Document, snippet: Snippet) -> Snippet | None:
    """``snippet`` with the code a fence around it would hold when a tab indents a line of it
    beyond its column: reading expands tabs to see how lines align, but a fence keeps them, and
    YAML refuses a tab that indents. None when no tab does (the tabs, if any, indent the
    container: an indented code block's tab is no part of its code)."""
    if snippet.fenced or snippet.refittable or not snippet.offsets:
        return None
    raws = _file_lines(doc)[snippet.start_line - 1:snippet.end_line]
    code = snippet.code.split("\n")
    if len(raws) != len(code):
        return None
    lines, offsets, kept = [], [], False
    for number, (raw, line, offset) in enumerate(zip(raws, code, snippet.offsets, strict=True),
                                                  snippet.start_line):
        body = raw.lstrip(" \t")
        lead = raw[:len(raw) - len(body)]
        # The columns before the code's own: the expanded line less the code line read from it.
        at = _index_at_column(lead, len(lead.expandtabs(4)) + len(body) - len(line)) \
            if line and "\t" in lead else None
        if at is None:  # no tab, or one across the code's column: the code line as read
            lines.append(line)
            offsets.append(offset)
            continue
        kept = kept or "\t" in lead[at:]
        lines.append(raw[at:])
        offsets.append(_line_start(doc, number) + at)
    return replace(snippet, code="\n".join(lines), offsets=tuple(offsets)) if kept else None


def _index_at_column(lead: str, column: int) -> int | None:
    """The index in ``lead`` (spaces and tabs, tab stops every 4) where ``column`` starts; None
    when a tab spans it."""
    at = 0
    for i, char in enumerate(lead):
        if at == column:
            return i
        at = at + 4 - at % 4 if char == "\t" else at + 1
        if at > column:
            return None
    return len(lead) if at == column else None


def _snippet(span: _Span, detection: Detection) -> Snippet:
    indents = [len(ln) - len(ln.lstrip(" ")) for ln in span.lines if ln.strip()]
    common = min(indents, default=0)
    code = [ln[common:] if ln.strip() else "" for ln in span.lines]
    # Each code line is the tail of its file line, unless a tab was expanded to read it.
    offsets = tuple(start + (len(raw) - len(line) if raw.endswith(line) else len(raw) - len(raw.lstrip()))
                    for start, raw, line in zip(span.starts, span.raws, code, strict=True))
    first = span.blocks[0]
    text = first.text if len(span.blocks) == 1 and first.kind != "list" else "\n".join(code)
    return Snippet(first, detection.language, text, False, detection, tuple(span.blocks), span.start_line,
                   span.end_line, span.indent, "\n".join(code), offsets, span.refittable)
