"""lost-content: traces left behind by content that went missing.

## What it does
Flags the holes that stripped or half-pasted content leaves in notes, and says what is missing:

- **A lead-in with nothing after it**: a paragraph ending with ":" followed by a heading, a
  horizontal rule or the end of the file; or, after a wider gap (two or more blank lines, the
  hole the lost block left), by a paragraph that cannot be what it introduces: a title-like line,
  another lead-in, plain prose, or an example that does not show what the lead-in names (a command
  under "the URL looks like the following example:"). A lead-in that promises code or an
  example ("Run the following command:", "The response looks like this:") is held to that after
  one blank line too, and a subsection heading is not what it promises unless code opens it
  (in its first two blocks: "### Example 1", a sentence, the code).
  Code spans in a sentence do not make it an example, nor do arrows ("a -> b"); a paragraph
  that is mostly a code span does. The finding points at the gap.
  Not flagged: a lead-in followed by a list, a sibling or nested list item, code, a table, HTML,
  a paragraph after one blank line ("Note:" and its note; for a promise of code, a note followed
  by the code: "Replace ACCOUNT with your id."), an indented or lower-case paragraph, an
  enumeration in disguise; headings ending with ":"; "Example: foo" (the colon is not at the end).
- **Empty inline code**: `` ` ` `` or a lone ``` `` ```.
- **Empty emphasis**: `****`, `** **`, `__`, `__ __`, `* *`. A run of three or more underscores
  is a fill-in blank and is left alone, as is a lone `**` (the power operator).
- **A bracket opened and never closed** in its paragraph (its row, in a table): "Network
  Address (". Brackets may close on a later line of the paragraph; half-open ranges ("[0, 1)")
  balance; smileys (":(") and closers with nothing open ("1)", "a)") are ignored.
- **A character standing where a list marker should be**: a line starting with "– ", "• ", "▪ "
  and the like renders as text, not as a list item. An em dash counts only on two lines running
  (one alone is an attribution), and a later line of a paragraph only in a run of such lines or
  under a lead-in (elsewhere it is a dash in a wrapped sentence).
- **A sentence cut off** after an article or a possessive ("Instances running on hardware
  dedicated to your"): no sentence ends on `the`, `a`, `your`, `its`... Not when a list, code or
  a table follows at once, which the sentence runs on into ("... using the" over a list of two
  commands); demonstratives and "each" may end one ("remember this", "4 KB each").
- **Empty list items and table cells**: a bare `-` or `- [ ]`; a table row whose cells are all
  empty; an empty header cell over a column that has content (except the corner cell of the first
  column, and a caption row such as "| INBOUND | | |").

Nothing inside code blocks, inline code, URLs, paths or pasted command lines is looked at.

## Why is this bad?
Each trace is a place where a reader expects something and finds nothing: the example a sentence
promises, the address inside the brackets, the value in the backticks, the list that became run-on
text. Notes converted from web pages or edited in a hurry lose such content silently, and it stays
lost until someone reads the page closely.

## Example
```markdown
If you create an account alias, your sign-in page URL looks like the following example:


> iam create-account-alias --account-alias finance-dept

- Network Address (
- Using CNAME for the apex like `` is not supported

– Lambda proxy integration
– Lambda custom integration
```

## Fix
None: no edit can restore content that is not in the file. The finding says what is missing so
that it can be looked up again at its source (or the trace deleted by hand).
"""

from __future__ import annotations

from collections.abc import Iterator

from lint.document import Document
from lint.finding import Finding
from lint.lost import find_traces
from lint.registry import Rule, RuleContext, register


@register
class LostContent(Rule):
    id = "lost-content"
    severity = "warning"

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
        for trace in find_traces(doc):
            what = trace.fingerprint or doc.text[trace.start:trace.end]
            yield self.finding(doc, trace.start, trace.end, trace.message, fingerprint=f"{trace.kind}:{what}")
