"""Template markup in a YAML snippet: Helm's Go templates and Jinja statements, set aside.

A Helm chart's `deployment.yaml` is a Go template that renders to YAML; it is not YAML itself:
`name: {{ .Release.Name }}-web` reads as a flow mapping where a value starts, and a line such
as `{{- include "web.labels" . | nindent 4 }}` is no YAML at all. So is a Jinja statement line
(`{% for user in users %}`) of a Salt state or an Ansible template. ``set_aside`` blanks such
markup, keeping every other character where it was, so the YAML around it is still checked and
a problem in it is still reported at its own line and column.

A Jinja expression that is not Go's (`msg: {{ greeting }}`, an Ansible task) is left as it is:
Ansible reads its playbooks as YAML first, and a value that starts with `{{` must be quoted there.
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


def set_aside(code: str) -> str:
    """``code`` with its template markup blanked: a line that holds only markup becomes blank,
    markup inside a line becomes a same-length plain scalar. Unchanged when it has none."""
    go = _GO_START.search(code) is not None
    if not go and "{%" not in code and "{#" not in code:
        return code
    lines = code.splitlines(keepends=True)
    return "".join(_line(line, go) for line in lines)


def _line(line: str, go: bool) -> str:
    body = line.rstrip("\r\n")
    ending = line[len(body):]
    markup = (_STATEMENT, _ACTION) if go else (_STATEMENT,)
    blanked = scalar = body
    for pattern in markup:
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
