"""repeated-word: the same word written twice in a row, `the the`, `with with`.

## What it does
Finds a word of prose (paragraphs, headings, table cells) followed at once by the same word,
with only blanks between them: `fill in the the missing pieces`, `Versioning comes with with MFA
delete`, `create a a separate Pod`. Case does not matter on one line (`The the`); across a line
break the second word must be written alike, as a new line often starts a new thought
("... of the transfer" then "Transfer data between ...").

Left alone, as repeats that mean something:
- words people double on purpose: `that that`, `had had`, `very very`, `bye bye`, `so so` ...;
- a particle before its preposition: `log in in the console`, `turn on on boot`;
- a word that is part of a compound (`on-demand demand`), and a pair written in different
  cases other than a capital that starts a sentence (`AND and OR`, SQL keywords);
- a word alone on its line (a list of commands pasted into a paragraph: `ls` then `ls -l`), or
  opening a line as a command, before an option, a URL or a path (`apt-get install curl` over
  `curl -s http://pod`), and
  a line with an assignment in it, config pasted into prose (`(UUID=123 swap swap defaults 0 0)`,
  an fstab entry, where a field repeats);
- digits, single letters other than `a`, and whatever `typo` does not read as prose (code, URLs).

## Why is this bad?
A doubled word is a slip that the eye skips over ("the lexical illusion"): it makes the note
look careless, and a search for a phrase misses it.

## Example
```markdown
Work out what you mean and fill in the the missing pieces.
```
Use instead:
```markdown
Work out what you mean and fill in the missing pieces.
```

## Fix
Deletes the second word and the blank before it. **Safe** when both are on one line; where a
line break is between them, no fix is offered (deleting would join or empty a line).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, ClassVar

from fixers.delete_repeat import delete_repeat
from lint.document import Document
from lint.finding import Finding
from lint.prose import ProseBlock, prose_index
from lint.registry import Rule, RuleContext, register

# A word, blanks (one line break at most), the same word; the case is judged afterwards.
# (Possessive: a word is taken whole, never shortened to try again, so a long run of letters is
# read once.)
_PAIR = re.compile(r"(?<![\w'’-])([^\W\d_]++)([ \t]++|[ \t]*+\n[ \t]*+)(\1)(?![\w-])", re.I)
_ASSIGNMENT = re.compile(r"\w=\S")  # UUID=123, key=value: a config line
_ARGUMENTS = re.compile(r"\s+(?:--?[A-Za-z]|\S*://|[~.]?/)")  # an option, a URL, a path: a command's
_MEANT = frozenset({
    "that", "had", "is", "do", "very", "really", "so", "bye", "ha", "no", "yes", "yeah", "well",
    "ok", "okay", "wow", "hey", "please", "more", "much", "many", "far", "long", "again", "round",
    "blah", "knock", "tick", "tock", "chop", "go", "now", "there", "can", "will", "may", "must",
    # particles before a preposition of the same spelling: "log in in", "turn on on", "set up up front"
    "in", "on", "up", "out", "off", "over", "by", "down", "through",
})


@register
class RepeatedWord(Rule):
    id = "repeated-word"
    severity = "warning"
    options: ClassVar[dict[str, Any]] = {}

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
        for prose in prose_index(doc).blocks:
            for m in _PAIR.finditer(prose.text):
                if _repeated(prose, m):
                    yield self._finding(doc, prose, m)

    def _finding(self, doc: Document, prose: ProseBlock, m: re.Match[str]) -> Finding:
        block = prose.block
        start, first_end = doc.text_offset(block, m.start(1)), doc.text_offset(block, m.end(1))
        end = doc.text_offset(block, m.end(3))
        word = m.group(1)
        fix = None if "\n" in m.group(2) else delete_repeat(first_end, end, m.group(3))
        return self.finding(doc, start, end, f"`{word}` is written twice: `{m.group()}`", fix)


def _repeated(prose: ProseBlock, m: re.Match[str]) -> bool:
    """Is the match a slip, not a repeat that means something (see the rule's documentation)?"""
    first, gap, second = m.group(1), m.group(2), m.group(3)
    source = prose.block.text
    if source[m.start():m.end()] != m.group():
        return False  # something between them was blanked as no prose: `x` the `x`
    lower = first.lower()
    if lower in _MEANT or (len(first) == 1 and lower != "a"):
        return False
    line_start = source.rfind("\n", 0, m.start(1)) + 1
    line_end = source.find("\n", m.end(1))
    if _ASSIGNMENT.search(source, line_start, len(source) if line_end < 0 else line_end):
        return False
    if "\n" in gap:
        # Across a line break: written alike, and neither word alone on its line (a list of
        # commands pasted into a paragraph: "ls" over "ls -l").
        before = source[line_start:m.start(1)]
        after = source[m.end(3):].split("\n", 1)[0]
        return (first == second and bool(before.strip()) and bool(after.strip())
                and not _ARGUMENTS.match(after))
    return first == second or (first[:1].isupper() and first[1:] == second[1:] and second[:1].islower()
                               and first[1:].islower())
