"""What a YAML snippet holds besides YAML, on purpose: template markup, elision, a shell prompt.

``set_aside`` blanks these, keeping every other character where it was, so the YAML around them
is still checked and a problem in it is still reported at its own line and column:

- template markup. A Helm chart's `deployment.yaml` is a Go template that renders to YAML, not
  YAML itself: `name: {{ .Release.Name }}-web` reads as a flow mapping where a value starts, and
  a line such as `{{- include "web.labels" . | nindent 4 }}` is no YAML at all. So is a Jinja
  statement line (`{% for user in users %}`) of a Salt state or an Ansible template. A Jinja
  expression that is not Go's (`msg: {{ greeting }}`, an Ansible task) is left as it is: Ansible
  reads its playbooks as YAML first, and a value that starts with `{{` must be quoted there;
- elision: a line of only dots (`...` indented, `…`, `.` lines stacked as vertical dots) stands
  for what the author left out. `...` at the start of a line is YAML's own end of a document
  and is left to YAML;
- a shell prompt line (`$ kubectl get pod web -o yaml`) over the output it printed.
"""

from __future__ import annotations

import re

# One action of Go's text/template, on one line: `{{ .Values.x }}`, `{{- end }}`, `{{ $name }}`,
# `{{ include "x" . }}`, or a comment `{{/* ... */}}`. A trim marker (`{{-`, `-}}`) or what
# starts the action tells Go's from Jinja's `{{ name }}`.
_GO_START = re.compile(
    r"\{\{-|\{\{\s*(?:[.$/]|(?:if|else|end|range|with|define|block|template|include|toYaml|toJson|tpl"
    r"|required|default|printf|quote|nindent|indent|lookup)\b)")
_ACTION = re.compile(r"\{\{.*?\}\}")
_STATEMENT = re.compile(r"\{%.*?%\}|\{#.*?#\}")  # Jinja: `{% if x %}`, `{# comment #}`
_PLACEHOLDER = "x"  # a plain scalar wherever a value or a key can stand
_ELISION = re.compile(r"[ \t]+\.{1,3}[ \t]*|[ \t]*(?:…|\.{1,2}|\.(?:[ \t]+\.)+)[ \t]*")
_PROMPT = re.compile(r"\$ \S")
# A line longer than this is left as it is: markup lines are short, and a search for `{{ ... }}`
# from every `{{` of a long line that never closes them would take time quadratic in its length.
LONGEST_LINE = 500


def has_template_markup(code: str) -> bool:
    """Does ``code`` hold markup that ``set_aside`` blanks: a Go action, or a Jinja statement?"""
    return _GO_START.search(code) is not None or "{%" in code or "{#" in code


def set_aside(code: str) -> str:
    """``code`` with its asides blanked: a line that holds only markup, an elision or a prompt
    becomes blank, markup inside a line becomes a same-length plain scalar. Unchanged (the same
    object) when it has none."""
    go = _GO_START.search(code) is not None
    markup = go or "{%" in code or "{#" in code  # has_template_markup, with Go's part kept
    if not markup and "." not in code and "…" not in code and "$ " not in code:
        return code
    lines = code.splitlines(keepends=True)
    kept = "".join(_line(line, markup, go) for line in lines)
    return code if kept == code else kept


def _line(line: str, markup: bool, go: bool) -> str:
    body = line.rstrip("\r\n")
    ending = line[len(body):]
    if len(body) > LONGEST_LINE:
        return line
    if _ELISION.fullmatch(body) or _PROMPT.match(body):
        return " " * len(body) + ending
    if not markup:
        return line
    blanked = scalar = body
    for pattern in (_STATEMENT, _ACTION) if go else (_STATEMENT,):
        blanked = pattern.sub(_blank, blanked)
        scalar = pattern.sub(_scalar, scalar)
    if blanked == body:
        return line
    if not blanked.strip():
        return " " * len(body) + ending  # only markup: no YAML on this line
    return scalar + ending


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group())


def _scalar(match: re.Match[str]) -> str:
    return _PLACEHOLDER * len(match.group())
