"""What a fact says: its kind, the glossary terms it mentions, and the quantities it states.

``analyse(text, block, terms)`` reads one fact's text (whitespace-normalised Markdown source, as
``lint.facts`` builds it) and returns the fields the facts file carries from schema 1.1 on.

Kinds, in order of precedence (the first that applies wins)
    1. ``comparison``: an explicit comparison marker: "vs", "versus", "unlike", "whereas",
       "compared to/with", "in contrast to/with", "differs from", "similar to", or a comparative
       of cost or speed with "than" ("cheaper than", "slower than", "more expensive than").
       Not "more than"/"less than": those state limits.
    2. ``definition``: "Term: explanation" or "Term - explanation" (also an en or em dash). The
       colon is tried first, so "EBS - General Purpose SSD (gp2): Volumes ..." defines
       "EBS - General Purpose SSD (gp2)". The term is at most 8 words and 80 characters, holds no
       code span, quote, bracket or pipe, has balanced parentheses, and does not open with a
       function word ("If you ...:", "For decryption: ...", "Note: ..."); the explanation is not
       empty, and a fact ending in "?" is a question, never a definition. When the explanation
       *opens* with a quantity or a limit phrase ("S3 Glacier: 90 days minimum billable
       storage", "Max item size: 400 KB") the fact is a ``limit`` instead.
    3. ``limit``: at least one quantity with a unit (below), or a limit phrase followed within
       three words by a number ("Hard Limit of **5000 users**", "Maximum of 5 LSI's",
       "up to 15 replicas").
    4. ``list-item``: a list item that is none of the above.
    5. ``statement``: a paragraph that is none of the above.

Terms
    Glossary terms (``lint.spelling.glossary()``: services, regions, acronyms, CLI tokens,
    products) in their canonical casing, in order of first mention, each once. Matching is on
    whole words (an optional plural or possessive "s"/"'s" is allowed: "VPCs", "ELB's"), longest
    term first, so "CloudWatch Logs" is one term and not also "CloudWatch". Terms with a digit or
    an inner capital in a word ("S3", "DynamoDB") match in any case ("s3:GetObject" mentions S3); other
    terms match only in their canonical casing. Single-word service names that are everyday
    words ("Config", "Connect", "Batch", "Backup", "Shield", ...) count only after "AWS" or
    "Amazon" or capitalised mid-sentence, not as the first word of a sentence. "AWS" and
    "Amazon" themselves are never terms: every fact of AWS notes would carry them. Wildcard
    entries ("x-amz-*") are not terms.

Quantities
    A number followed by a unit from a fixed vocabulary, normalised:

    - data size: bytes, KB, MB, GB, TB, PB (also "kb", "kilobytes", ...) and the binary KiB, MiB,
      GiB, TiB, PiB (kept apart: 1 TiB is not 1 TB);
    - duration: µs, ms, s, minutes, hours, days, weeks, months, years ("24 hour", "24h", "1 yr";
      not "900s": a glued "s" is as often a plural, "504s");
    - counts: IOPS, requests, RCU, WCU, and % ("10 percent");
    - money: USD, from "$0.10" (value 0.1). What a price is *per* ("per 100,000 events",
      "monthly") is not part of the quantity: its nouns cannot be normalised; it stays in the text;
    - rates: a unit per second gets "/s" ("125 MBPS" and "125 MB/s" are 125 MB/s, "rps" is
      requests/s, "3,000 messages per second" is 3000 messages/s; "Gbps" is Gbit/s), and a unit
      per size gets "/<size>" ("3 IOPS/GB", "40MBPS/TB" is 40 MB/s/TB).

    A range gives one quantity per end, both with the range's unit and its whole text:
    "3 to 5 TB" is 3 TB and 5 TB, "0-35 days" 0 and 35 days, "between 0 and 12 hours" 0 and 12.
    Not quantities: a number glued to letters or a hyphen ("EC2", "S3", "t2.micro",
    "us-east-1", "io1/io2", "2012-10-17"), a count of anything else ("1 VPC", "5000 users",
    "7 instances", "100,000 events"), a fraction ("1/5"), a number spelled out ("one") or scaled
    by a word ("5.4 million IOPS credits"), versions and codes ("v2", "HTTP 504", "Layer 7").
    Numbers: "20,000" is 20000, "0.10" is 0.1; integral values are integers. Each distinct
    (value, unit) is listed once, with the text of its first mention, in order of appearance.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from lint.spelling import Glossary

KINDS = ("comparison", "definition", "limit", "list-item", "statement")

SIZE_UNITS = ("bytes", "KB", "MB", "GB", "TB", "PB", "KiB", "MiB", "GiB", "TiB", "PiB")
BIT_RATES = ("Kbit/s", "Mbit/s", "Gbit/s")
TIME_UNITS = ("µs", "ms", "s", "minutes", "hours", "days", "weeks", "months", "years")
COUNT_UNITS = ("IOPS", "requests", "messages", "RCU", "WCU", "%", "USD")
# Every unit notelint writes matches this; the schema carries the same pattern.
UNIT_PATTERN = (
    r"^(?:(?:bytes|[KMGTP]i?B)(?:/s)?(?:/(?:bytes|[KMGTP]i?B))?|[KMG]bit/s"
    r"|µs|ms|s|minutes|hours|days|weeks|months|years"
    r"|IOPS(?:/(?:[KMGTP]i?B))?|requests(?:/s)?|messages/s|RCU|WCU|%|USD)$"
)

# ------------------------------------------------------------------------------------ quantities

_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
# A number starts a quantity only when no letter, digit, dot, comma, slash or hyphen is glued to
# its left: "EC2", "t2.micro", "us-east-1", "io1/2", the "000" of "3,000", the "10" of "2012-10".
_NUM_START = r"(?<![A-Za-z0-9.,/\-])"
# A unit ends where no letter or digit follows ("KB_" and "KB**" end at the emphasis).
_END = r"(?![A-Za-z0-9])"

_SIZE_WORDS = {
    "byte": "bytes", "bytes": "bytes", "kilobyte": "KB", "kilobytes": "KB", "megabyte": "MB",
    "megabytes": "MB", "gigabyte": "GB", "gigabytes": "GB", "terabyte": "TB", "terabytes": "TB",
    "petabyte": "PB", "petabytes": "PB",
}
_TIME_WORDS = {
    "microsecond": "µs", "microseconds": "µs", "µs": "µs", "ms": "ms", "msec": "ms",
    "msecs": "ms", "millisecond": "ms", "milliseconds": "ms", "sec": "s", "secs": "s",
    "second": "s", "seconds": "s", "min": "minutes", "mins": "minutes", "minute": "minutes",
    "minutes": "minutes", "hr": "hours", "hrs": "hours", "hour": "hours", "hours": "hours",
    "day": "days", "days": "days", "week": "weeks", "weeks": "weeks", "month": "months",
    "months": "months", "yr": "years", "yrs": "years", "year": "years", "years": "years",
}
# Alternatives are tried in order: longer spellings first.
_UNIT = (
    r"(?P<bits>[KMG])bps"
    r"|(?P<sizerate>[KMGTP]i?B|kB)(?:ps|PS|/s(?:ec)?)"
    r"|(?P<size>[KMGTP]iB|[KMGTP]B|kB|kb|mb|gb|tb"
    r"|(?i:bytes?|kilobytes?|megabytes?|gigabytes?|terabytes?|petabytes?))"
    r"|(?P<iops>IOPS)"
    r"|(?P<rps>rps|RPS|req/s)"
    r"|(?P<count>(?i:requests?|messages|events|records|transactions)(?=\s+per\s+second|/s))"
    r"|(?P<request>(?:(?:GET|PUT|POST|LIST|DELETE|HEAD|COPY|SELECT)\s+)?(?i:requests?))"
    r"|(?P<cu>RCUs?|WCUs?)"
    r"|(?P<pct>%|(?i:percent))"
    r"|(?P<time>(?i:microseconds?|milliseconds?|msecs?|seconds?|secs?|minutes?|mins?|hours?"
    r"|hrs?|days?|weeks?|months?|years?|yrs?)|µs|ms)"
)
# Only glued to the number: "24h". Not a glued "s": "900s" may be seconds, but "504s" are errors.
_ATTACHED_UNIT = r"(?P<h>h)"
_PER_SECOND = r"(?P<persec>\s*(?:/\s*s(?:ec(?:ond)?)?|per\s+sec(?:ond)?))?"
_PER_SIZE = r"(?:\s*(?:/|per\s+)(?P<persize>[KMGTP]i?B|GB|TB))?"
_RANGE = r"\s*(?:-|–|to|and)\s*(?P<hi>" + _NUM + r")"
_QUANTITY = re.compile(
    r"\$(?P<usd>" + _NUM + r")" + _END
    + r"|" + _NUM_START + r"(?P<lo>" + _NUM + r")"
    # A range only when the first number has no unit of its own ("3000 IOPS and 125 MBPS").
    + r"(?:(?![ \u00a0]?(?:" + re.sub(r"\?P<\w+>", "?:", _UNIT) + r")" + _END + r")" + _RANGE + r")?"
    + r"(?:(?:[ \u00a0]|-(?=[a-z]))?(?:" + _UNIT + r")|(?:" + _ATTACHED_UNIT + r"))" + _END
    + _PER_SECOND + _PER_SIZE + _END
)
_ATTACHED_SPACE = re.compile(r"\d[a-z]")


@dataclass(frozen=True, slots=True)
class _Found:
    unit: str
    values: tuple[str, ...]
    text: str


def _unit(m: re.Match[str]) -> str | None:
    """The normalised unit of a quantity match, or None when it is not a quantity after all."""
    g = m.groupdict()
    if g["bits"]:
        return f"{g['bits']}bit/s"
    if g["rps"]:
        return "requests/s"
    if g["cu"]:
        return g["cu"][:3]
    if g["pct"]:
        return "%"
    if g["time"]:
        return _TIME_WORDS[g["time"].lower()]
    if g["h"]:
        return "hours"
    if g["sizerate"]:
        unit = _size(g["sizerate"]) + "/s"
    elif g["size"]:
        unit = _size(g["size"]) + ("/s" if g["persec"] else "")
    elif g["iops"]:
        unit = "IOPS"
    elif g["count"]:
        noun = g["count"].lower()
        unit = ("requests" if noun.startswith("request") else noun) + "/s"
        return unit if unit in ("requests/s", "messages/s") else None
    else:
        unit = "requests" + ("/s" if g["persec"] else "")
        return unit
    if g["persize"]:
        unit += "/" + _size(g["persize"])
    return unit


def _size(raw: str) -> str:
    word = _SIZE_WORDS.get(raw.lower())
    if word:
        return word
    if raw.lower() in ("kb", "mb", "gb", "tb", "pb"):
        return raw.upper()
    return raw[0].upper() + raw[1:]  # KiB, MiB, kB -> KB


def _number(raw: str) -> int | float:
    value = float(raw.replace(",", ""))
    return int(value) if value.is_integer() and "." not in raw else value


def quantities(text: str) -> list[dict[str, Any]]:
    """The quantities stated in ``text``: ``{"value", "unit", "text"}`` in order of appearance."""
    found: list[dict[str, Any]] = []
    seen: set[tuple[int | float, str]] = set()
    for m in _QUANTITY.finditer(text):
        if m.group("usd") is not None:
            items = [(m.group("usd"), "USD")]
        else:
            unit = _unit(m)
            if unit is None:
                continue
            items = [(m.group("lo"), unit)]
            if m.group("hi") is not None:
                items.append((m.group("hi"), unit))
        span = m.group(0)
        for raw, unit in items:
            value = _number(raw)
            if (value, unit) not in seen:
                seen.add((value, unit))
                found.append({"value": value, "unit": unit, "text": span})
    return found


# ------------------------------------------------------------------------------------------ kinds

_COMPARISON = re.compile(
    r"(?i)(?<![\w-])(?:vs\.?|versus|unlike|whereas|compared\s+(?:to|with)|in\s+contrast\s+(?:to|with)"
    r"|differs?\s+from|similar\s+to|(?:cheaper|faster|slower|costlier|pricier|better|worse"
    r"|more\s+expensive|less\s+expensive)\s+than)(?![\w-])"
)
_LIMIT_WORDS = (r"(?:at\s+most|at\s+least|up\s*to|max(?:imum)?|min(?:imum)?|limit(?:s|ed)?"
                r"|no\s+more\s+than|not\s+(?:to\s+)?exceed|cannot\s+exceed|more\s+than|less\s+than"
                r"|fewer\s+than|greater\s+than)")
_LIMIT = re.compile(r"(?i)(?<![\w-])" + _LIMIT_WORDS + r"(?![\w-])(?:\W+[A-Za-z]+){0,3}?\W+"
                    + _NUM_START + r"\d")
_OPENS_WITH_LIMIT = re.compile(r"(?i)[\W_]*(?:" + _LIMIT_WORDS + r"(?![\w-])|\$?" + _NUM_START + r"\d)")
_SEPARATORS = (re.compile(r": "), re.compile(r" [-–—] "))
_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(.+)\1")
# A term holding one of these is a clause ("Authorization is controlled by IAM policies: ...").
_VERBS = frozenset({
    "is", "are", "was", "were", "be", "been", "can", "cannot", "will", "would", "should", "must",
    "may", "might", "has", "have", "had", "does", "do", "did", "uses", "needs", "means",
})
_CLAUSE_WORDS = frozenset({
    "a", "an", "and", "also", "as", "at", "because", "before", "but", "by", "eg", "e.g.", "example",
    "for", "from", "given", "here", "however", "i", "if", "in", "it", "its", "note", "notes", "on",
    "once", "or", "say", "since", "so", "such", "that", "the", "then", "there", "these", "this",
    "those", "to", "we", "what", "when", "where", "which", "while", "why", "with", "yes", "no",
    "you", "your", "tip", "hint", "important", "answer", "question", "step", "statement",
})
MAX_TERM_WORDS = 8
MAX_TERM_CHARS = 80


def definition(text: str) -> tuple[str, str] | None:
    """(term, explanation) when ``text`` reads "Term: explanation" or "Term - explanation"."""
    if text.endswith("?"):
        return None
    for separator in _SEPARATORS:
        m = separator.search(text)
        if m is None:
            continue
        term, explanation = text[: m.start()].strip(), text[m.end():].strip()
        term = _unemphasised(term)
        if explanation and _is_term(term):
            return term, explanation
    return None


def _unemphasised(term: str) -> str:
    m = _EMPHASIS.fullmatch(term)
    return m.group(2).strip() if m else term


def _is_term(term: str) -> bool:
    words = term.split()
    if not words or len(words) > MAX_TERM_WORDS or len(term) > MAX_TERM_CHARS:
        return False
    if any(c in term for c in '`"[]{}|<>*') or term.count("(") != term.count(")"):
        return False
    if not (term[0].isalnum() or term[0] == "("):
        return False
    if any(w.lower() in _VERBS for w in words[1:]):
        return False
    return words[0].lower().rstrip(",.:") not in _CLAUSE_WORDS and not term.endswith(",")


def classify(text: str, block: str, found: list[dict[str, Any]]) -> tuple[str, tuple[str, str] | None]:
    """The fact's kind (see the module docstring) and, for a definition, (term, explanation)."""
    if _COMPARISON.search(text):
        return "comparison", None
    defined = definition(text)
    if defined is not None:
        if _OPENS_WITH_LIMIT.match(defined[1]) and (found or _LIMIT.search(text)):
            return "limit", None
        return "definition", defined
    if found or _LIMIT.search(text):
        return "limit", None
    return ("list-item" if block == "list_item" else "statement"), None


# ------------------------------------------------------------------------------------------ terms

# Service names that are everyday words: a term only after AWS/Amazon or capitalised mid-sentence.
COMMON_WORD_TERMS = frozenset({
    "Amplify", "Artifact", "Backup", "Batch", "Bedrock", "Budgets", "Chime", "Comprehend",
    "Config", "Connect", "Copilot", "Detective", "Elemental", "Forecast", "Glue", "Inspector",
    "Organizations", "Outposts", "Personalize", "Pinpoint", "Proton", "Shield", "Transcribe",
    "Translate", "Wavelength",
})
NOT_TERMS = frozenset({"AWS", "Amazon"})
_SENTENCE_START = re.compile(r"(?:^|[.!?:;(\-–—|>]\s*|\*\*|^\W*)$")
_VENDOR_BEFORE = re.compile(r"(?:AWS|Amazon)\s+$")


class TermMatcher:
    """Finds a glossary's terms in text (see "Terms" in the module docstring)."""

    def __init__(self, glossary: Glossary) -> None:
        exact: set[str] = set()
        folded: dict[str, str] = {}
        for term in glossary.terms:
            text = term.text
            if "*" in text or text in NOT_TERMS:
                continue
            if any(_is_camel(word) or any(c.isdigit() for c in word) for word in text.split()):
                folded.setdefault(text.lower(), text)
            else:
                exact.add(text)
        self.folded = folded
        alternatives = sorted(exact | set(folded.values()), key=lambda t: (-len(t), t))
        self.exact = exact
        # Folded terms are matched case-insensitively via an inline flag per alternative.
        parts = []
        for t in alternatives:
            body = r"\s+".join(re.escape(w) for w in t.split())
            parts.append(f"(?i:{body})" if t not in exact else body)
        pattern = "|".join(parts)
        self.regex = re.compile(r"(?<![A-Za-z0-9])(" + pattern + r")(?:['’]?s)?(?![A-Za-z0-9])")

    def terms(self, text: str) -> list[str]:
        found: dict[str, None] = {}
        for m in self.regex.finditer(text):
            raw = re.sub(r"\s+", " ", m.group(1))
            canonical = self.folded.get(raw.lower(), raw) if raw not in self.exact else raw
            if canonical in COMMON_WORD_TERMS and not self._named(text, m.start()):
                continue
            found.setdefault(canonical, None)
        return list(found)

    @staticmethod
    def _named(text: str, start: int) -> bool:
        before = text[:start]
        return bool(_VENDOR_BEFORE.search(before)) or not _SENTENCE_START.search(before)


def _is_camel(word: str) -> bool:
    """"DynamoDB", "CloudWatch": an inner capital in a word that is not all capitals."""
    return not word.isupper() and any(c.isupper() for c in word[1:])


@cache
def term_matcher(glossary: Glossary) -> TermMatcher:
    return TermMatcher(glossary)


def analyse(text: str, block: str, matcher: TermMatcher) -> dict[str, Any]:
    """The 1.1 fields of one fact: ``kind``, ``terms``, ``quantities`` and, for a definition,
    ``definition: {term, explanation}``."""
    found = quantities(text)
    kind, defined = classify(text, block, found)
    fields: dict[str, Any] = {"kind": kind, "terms": matcher.terms(text), "quantities": found}
    if defined is not None:
        fields["definition"] = {"term": defined[0], "explanation": defined[1]}
    return fields
