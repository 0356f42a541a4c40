"""unused-suppression: a `notelint-` pragma that suppresses nothing.

## What it does
Checks the inline suppression pragmas, HTML comments such as
`<!-- notelint-disable-next-line typo -->`, and reports each one (or each rule id named in
one) that hid no finding in this run. It also reports rule ids that do not exist, pragmas
with a misspelt action (`notelint-disabel`), and an `notelint-enable` that re-enables
something that was not disabled.

The pragmas:

- `<!-- notelint-disable RULE[,RULE] -->` … `<!-- notelint-enable RULE -->`: a range (no
  rule means every rule; the range runs to the end of the file without an enable);
- `<!-- notelint-disable-next-line RULE -->`: the next non-blank line, or the whole code
  block when that line opens one;
- `<!-- notelint-disable-file -->`: the whole file (rule ids may be given).

Pragmas inside code blocks and inline code spans are ordinary text. A named rule that is not
enabled in this run is not reported: the pragma may still be needed when it is.

## Why is this bad?
A suppression outlives the problem it was written for. Once the text is fixed, the pragma
silently hides the next real problem at that place, and an unknown or misspelt rule id never
hid anything at all, although it looks as if it did.

## Example
```markdown
<!-- notelint-disable-next-line typo -->
Encryption at rest is on by default.
```

The line has no typo any more, so the pragma is reported as an unused suppression of `typo`.

## Fix
Removes the pragma comment (its whole line when it stands alone), or only the stale rule id
when other ids in the same pragma still suppress something. The fix is safe. It is unsafe
only for a pragma without rule ids in a run that did not enable every rule, since a rule that
did not run may need it. Unknown rule ids and misspelt pragmas have no fix: correct them by
hand. To keep a pragma on purpose, name `unused-suppression` in a pragma covering it.
"""

from __future__ import annotations

from lint.registry import Rule, register


@register
class UnusedSuppression(Rule):
    """Findings come from ``lint.suppressions.filter_findings``, which knows what was used."""

    id = "unused-suppression"
    severity = "warning"
