"""broken-yaml: fenced ```yaml blocks that do not load safely, located in the notes file."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from lint.finding import Finding
from lint.parser import parse
from lint.registry import RuleContext, all_rules
from lint.rules.broken_yaml import BrokenYaml

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "corpus" / "aws-notes.md"


def check(text: str, **options: int | str) -> list[Finding]:
    return list(BrokenYaml().check(parse(text, "notes.md"), RuleContext(options=options)))


def only(text: str, **options: int | str) -> Finding:
    findings = check(text, **options)
    assert len(findings) == 1, findings
    return findings[0]


def fenced(body: str, info: str = "yaml", indent: str = "") -> str:
    lines = [f"```{info}", *body.rstrip("\n").split("\n"), "```"]
    return "\n".join(indent + line for line in lines) + "\n"


def test_mapping_value_where_none_is_allowed() -> None:
    text = "# Template\n\n" + fenced("Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n"
                                     "     Properties:\n      BucketName: !Ref Name")
    finding = only(text)
    assert (finding.line, finding.column, finding.end_line, finding.end_column) == (7, 16, 7, 17)
    assert text[finding.start:finding.end] == ":"
    assert finding.message.startswith("invalid YAML: a ': ' here starts a mapping where none can be")
    assert finding.rule == "broken-yaml" and finding.severity == "error" and finding.fix is None


def test_inside_a_list_item() -> None:
    text = "- Deploy with:\n\n" + fenced("version: 0.0\nhooks:\n  - a\n  b: 1", indent="  ") + "- next\n"
    finding = only(text)
    assert (finding.line, finding.column) == (7, 5)
    assert text[finding.start:finding.end] == "b"
    assert "(while parsing a block collection that starts at line 6, column 5)" in finding.message


def test_crlf_file_with_bom() -> None:
    text = "\ufeff# Notes\r\n\r\n```yml\r\nResources:\r\n  A: 1\r\n  A: 2\r\n```\r\n"
    finding = only(text)
    assert (finding.line, finding.column, finding.end_column) == (6, 3, 4)
    assert finding.message == "invalid YAML: duplicate key 'A' (first defined at line 5, column 3)"


def test_in_a_quote_the_unclosed_quote_is_pointed_at() -> None:
    text = "> ```yaml\n> a: 'never closed\n> b: 2\n> ```\n"
    finding = only(text)
    assert (finding.line, finding.column) == (2, 6)
    assert finding.message == "invalid YAML: the quoted string is never closed"


def test_python_tag_is_refused_and_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "marker"
    body = f'ok: 1\nrun: !!python/object/apply:os.mkdir ["{marker}"]'
    text = "Notes\n\n" + fenced(body)
    finding = only(text)
    assert not marker.exists()
    assert (finding.line, finding.column) == (5, 6)
    assert text[finding.start:finding.end] == "!!python/object/apply:os.mkdir"
    assert "refused" in finding.message


@pytest.mark.parametrize("body", [
    "Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n"
    "      Role: !GetAtt Role.Arn\n      Env: !Sub '${AWS::Region}'\n"
    "      Subnets: !Split [',', !ImportValue Subnets]\n      Cidr: !Cidr [!GetAtt Vpc.CidrBlock, 6, 8]\n"
    "      Zone: !Select [0, !GetAZs '']\n      Name: !If [IsProd, !Join ['-', [a, b]], !Ref AWS::NoValue]\n"
    "      Map: !FindInMap [M, !Ref 'AWS::Region', Id]\n      Data: !Base64 {Fn::Sub: x}\n"
    "Conditions:\n  C: !And [!Equals [a, b], !Or [!Not [!Condition D], !Condition E]]\n",
    "Value:\n  Fn::GetAtt: [Bucket, Arn]\nOther:\n  Fn::Join: ['', [a, {Ref: B}]]\n",
    "Tags: [!Ref AWS::NoValue]\nCustom: !Whatever {a: 1}\n",
    "---\nversion: 0.0\n---\n- a\n...\n---\nplain\n",
    "base: &base {a: 1}\nderived:\n  <<: *base\n  b: 2\n",
    "# only a comment\n",
])
def test_valid_yaml_is_not_flagged(body: str) -> None:
    assert check("Notes\n\n" + fenced(body)) == []
    assert check("- item\n\n" + fenced(body, "yml", indent="  ")) == []


@pytest.mark.parametrize("text", [
    "```yaml\n```\n",
    "```json\na: b: c\n```\n",
    "```\na: b: c\n```\n",
    "    a: b: c\n",
    "```toml\na: b: c\n```\n",
])
def test_other_blocks_are_not_read(text: str) -> None:
    assert check(text) == []


def test_alias_bomb_gives_a_finding() -> None:
    lines = ["l0: &l0 [" + ", ".join(["lol"] * 9) + "]"]
    lines += [f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]" for i in range(1, 9)]
    finding = only(fenced("\n".join(lines)))
    assert "with its aliases expanded, the snippet has more than 100,000 nodes" in finding.message
    assert (finding.line, finding.column) == (7, 10)  # the first alias past the bound


@pytest.mark.parametrize("body", ["[" * 3000, "[" * 3000 + "]" * 3000, "- " * 3000 + "x"])
def test_deep_nesting_gives_a_finding(body: str) -> None:
    finding = only(fenced(body))
    assert "more than 64 levels deep" in finding.message
    assert finding.line == 2


def test_bounds_are_options() -> None:
    body = "a: [[[1]]]\n"
    assert check(fenced(body)) == []
    finding = only(fenced(body), **{"max-depth": 3})
    assert (finding.line, finding.column) == (2, 6)
    assert "more than 3 levels" in finding.message
    large = only(fenced(body), **{"max-chars": 5})
    assert large.message == "YAML not checked: the snippet has 10 characters, more than the 5 this " \
        "check reads"
    assert large.severity == "warning"  # not known to be broken


def test_unclosed_fence_says_so() -> None:
    finding = only("```yaml\na: 1\n\nSome prose: with a colon: here\n")
    assert finding.line == 4 and "the fence is never closed" in finding.message


def test_registered_with_documentation() -> None:
    assert all_rules()["broken-yaml"] is BrokenYaml
    doc = BrokenYaml.documentation()
    for heading in ("## What it does", "## Why is this bad?", "## Example", "## Fix"):
        assert heading in doc
    assert set(BrokenYaml.options) == {"max-chars", "max-depth", "max-aliases", "max-nodes", "detected"}


# The corpus's templates lost their parent keys and their fences. Each is reported where its
# structure breaks (reviewed by eye: the line is the first one indented under a key that already
# has a value), as truncated: (line, column, the key on that line, the valued key's line).
CORPUS_TRUNCATED = [
    (2551, 7, "CodeUri", 2550),  # SAM: "Type: AWS::Serverless::Function" lost "HelloWorldFunction:"
    (2585, 7, "BucketName", 2584),  # lost "Bucket:" and "Properties:"
    (2599, 7, "KeyName", 2598),  # lost "Instance:" and "Properties:"; "Type" repeats above it too
    (2610, 7, "InstanceType", 2609),
    (2806, 5, "Type", 2805),  # "Transform: AWS::Serverless-2016-10-31" over a function's "Type:"
    (2896, 9, "TaskDefinition", 2895),  # appspec: lost "Properties:"
]


def test_corpus_detected_templates_are_reported_as_truncated() -> None:
    doc = parse(CORPUS.read_text(encoding="utf-8"), str(CORPUS))
    findings = list(BrokenYaml().check(doc, RuleContext()))
    got = [(f.line, f.column, doc.text[f.start:f.end]) for f in findings]
    assert got == [(line, column, key) for line, column, key, _ in CORPUS_TRUNCATED]
    for finding, (_, _, key, parent) in zip(findings, CORPUS_TRUNCATED, strict=True):
        assert finding.message.startswith(f"truncated YAML: `{key}:` is indented under ")
        assert "which already has a value: the key that held them was probably lost" in finding.message
        assert f"is at line {parent}, column " in finding.message
        assert finding.message.endswith("(in a snippet without a fence)")
        assert finding.severity == "error"


def test_corpus_valid_snippets_and_medium_detections() -> None:
    doc = parse(CORPUS.read_text(encoding="utf-8"), str(CORPUS))
    # Line 2621 (Value: !Ref "AWS::Region") and 2900-2901 load; 2886-2888 is a medium detection,
    # checked only on request: its list lost its "files:" key.
    medium = list(BrokenYaml().check(doc, RuleContext(options={"detected": "medium"})))
    [extra] = [f for f in medium if f.line not in {line for line, *_ in CORPUS_TRUNCATED}]
    assert (extra.line, extra.column) == (2888, 1)
    assert extra.message.startswith("truncated YAML: `file_exists_behavior:` follows a list that no key "
                                    "holds; the key that held the list was probably lost")
    assert "(the list starts at line 2886, column 5)" in extra.message
    assert list(BrokenYaml().check(doc, RuleContext(options={"detected": "off"}))) == []


def test_corpus_templates_once_fenced() -> None:
    # Fenced as they are, the template at lines 2584-2589 is reported where its structure breaks,
    # and line 2621's !Ref is valid.
    lines = CORPUS.read_text(encoding="utf-8").split("\n")
    broken = [line[4:] for line in lines[2583:2589]]
    assert broken[0] == 'Type: "AWS::S3::Bucket"'
    finding = only("```yaml\n" + "\n".join(broken) + "\n```\n")
    assert (finding.line, finding.column) == (3, 3)
    assert finding.message == ('truncated YAML: `BucketName:` is indented under `Type: "AWS::S3::Bucket"`, '
                               "which already has a value: the key that held them was probably lost "
                               "(`Type:` is at line 2, column 1)")
    assert lines[2620].strip() == 'Value: !Ref "AWS::Region"'
    assert check("```yaml\n" + lines[2620].strip() + "\n```\n") == []


@pytest.mark.parametrize(("body", "where", "start"), [
    ("Resources:\n  Type: AWS::S3::Bucket\n    BucketName: x", (6, 5), "`BucketName:` is indented"),
    ("- source: a\n  destination: b\nfile_exists_behavior: OVERWRITE", (6, 1),
     "`file_exists_behavior:` follows a list that no key holds"),
    ("  - source: a\n    destination: b\nfile_exists_behavior: OVERWRITE", (6, 1),
     "`file_exists_behavior:` follows a list that no key holds"),
    ("Outputs:\n  Arn:\n    Value: !GetAtt Bucket.Arn\n      Export: x", (7, 7), "`Export:` is indented"),
])
def test_lost_parent_keys_are_truncation(body: str, where: tuple[int, int], start: str) -> None:
    finding = only("Notes\n\n" + fenced(body))
    assert (finding.line, finding.column) == where
    assert finding.message.startswith(f"truncated YAML: {start}")


@pytest.mark.parametrize("body", [
    "files:\n- source: a\n  destination: b\nhooks:\n  AfterInstall: x",  # a list its key holds
    "Description: a long text\n  that goes on\nOther: 1",  # a plain scalar over two lines
    "Name: !Sub\n  - '${A}-x'\n  - A: !Ref B\nbase: &b\n  a: 1\nother: *b",  # tags, anchors opening blocks
])
def test_valid_shapes_are_not_truncation(body: str) -> None:
    assert check(fenced(body)) == []


def test_keys_past_a_list_item_s_first_key_may_be_indented_too_far() -> None:
    """A Pod's container written with its keys one step past the dash: a lost key or a slip."""
    body = "spec:\n    containers:\n    - name: webserver\n        image: nginx:latest\n"
    finding = only(fenced(body))
    assert (finding.line, finding.column) == (5, 9)
    assert finding.message.startswith("truncated YAML: `image:` is indented under `- name: webserver`, which "
                                      "already has a value: the key that held them was lost, or it is "
                                      "indented too far")


def test_an_indentation_slip_is_not_truncation() -> None:
    body = "Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n     Properties:\n      BucketName: x"
    finding = only(fenced(body))
    assert finding.message.startswith("invalid YAML: a ': ' here starts a mapping where none can be")


def test_detected_yaml_errors_are_placed_in_the_file() -> None:
    text = ("\ufeff- Deploy:\r\n\r\n  - TargetService:\r\n      Type: AWS::ECS::Service\r\n"
            "      Type: AWS::ECS::TaskSet\r\n")
    finding = only(text)
    assert (finding.line, finding.column) == (5, 7)
    assert text[finding.start:finding.end] == "Type"
    assert finding.message == ("invalid YAML: duplicate key 'Type' (first defined at line 4, column 7) "
                               "(in a snippet without a fence)")


def test_unlabelled_fence_detected_as_yaml_is_checked() -> None:
    text = "```\nResources:\n  A:\n    Type: AWS::SNS::Topic\n  A:\n    Type: AWS::SQS::Queue\n```\n"
    finding = only(text)
    assert (finding.line, finding.column) == (5, 3)
    assert finding.message.endswith("(in a fence without a language)")
    assert check(text, detected="off") == []


def test_documented_example_is_flagged_where_the_docs_say() -> None:
    doc = BrokenYaml.documentation()
    bad, good = (part.split("````")[0] for part in doc.split("````markdown\n")[1:])
    finding = only(bad)
    assert "is reported at line 5, column 16" in doc
    assert (finding.line, finding.column) == (5, 16)
    assert check(good) == []


def test_notes_without_yaml_do_not_load_the_parser() -> None:
    # ruamel.yaml takes tens of milliseconds to import: only a YAML snippet to check pays for it.
    # A fresh interpreter, since other tests here load it.
    script = ("import sys\n"
              "from lint.parser import parse\n"
              "from lint.registry import RuleContext\n"
              "from lint.rules.broken_yaml import BrokenYaml\n"
              "doc = parse('# Notes\\n\\n```json\\n{}\\n```\\n\\n    a: b: c\\n', 'notes.md')\n"
              "assert list(BrokenYaml().check(doc, RuleContext(options={}))) == []\n"
              "assert 'ruamel.yaml' not in sys.modules, 'loaded without a YAML snippet'\n"
              "doc = parse('```yaml\\na: [\\n```\\n', 'notes.md')\n"
              "assert len(list(BrokenYaml().check(doc, RuleContext(options={})))) == 1\n"
              "assert 'ruamel.yaml' in sys.modules\n")
    subprocess.run([sys.executable, "-c", script], check=True, cwd=Path(__file__).resolve().parent.parent)


MANIFEST = """Deployment with 3 replicas:

apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  template:
    spec:
      containers:
        - name: web
          image: "httpd:2.4"
          resources:
            limits:
              memory "128Mi"
              cpu: "500m"
"""


def test_a_manifest_pasted_without_a_fence_that_lost_a_colon_is_still_yaml_and_broken() -> None:
    """One indented line with no colon among many keys is a slip in YAML, not prose: the
    snippet is still detected, and it does not load."""
    finding = only(MANIFEST)
    assert finding.message.startswith("invalid YAML") and finding.line == 16
    assert check(MANIFEST.replace('memory "128Mi"', 'memory: "128Mi"')) == []


def test_a_key_that_lost_its_colon_is_pointed_at_not_the_key_after_it() -> None:
    """The loader stops at the next key's ': '; what is wrong is the line above it."""
    finding = only(MANIFEST)
    assert finding.message == ('invalid YAML: `memory "128Mi"` has no colon after its key: '
                               '`memory: "128Mi"`? (in a snippet without a fence)')
    assert MANIFEST[finding.start:finding.end] == 'memory "128Mi"'
    person = fenced('name: Alice\naddress:\n  city Sydney\n  postcode: "2000"')
    assert only(person).message == "invalid YAML: `city Sydney` has no colon after its key: `city: Sydney`?"
    # Above the key, a line of prose, more than a key and a value: ruamel's words.
    assert only(fenced("a:\n  some words here\n  d: 1")).message.startswith(
        "invalid YAML: a ': ' here starts a mapping")


COMPOSE = """docker-compose.yml for the app:

version "3.8"
services:
  web:
    build: .
    ports:
      - "5000:5000"
    depends_on:
      - redis
    environment:
      FLASK_ENV: development
  redis:
    image: "redis:alpine"
"""


def test_a_first_line_that_lost_its_colon_leaves_the_paragraph_yaml() -> None:
    """`version "3.8"` at the top of a compose file pasted without a fence: a key and a quoted or
    dotted value, no prose, over a nested mapping."""
    finding = only(COMPOSE)
    assert (finding.line, COMPOSE[finding.start:finding.end]) == (3, 'version "3.8"')
    assert check(COMPOSE.replace('version "3.8"', 'version: "3.8"')) == []
    for title in ("Version 3", "Compose file", "version three"):  # a title, not a slip
        assert check(COMPOSE.replace('version "3.8"', title)) == []


def test_a_tab_that_indents_an_unfenced_snippet_is_an_error_as_in_a_fence() -> None:
    """Reading expands tabs to align lines, but a fence around the lines keeps the tab, and YAML
    refuses it. A tab that indents the code block itself is no part of the code."""
    fixed = MANIFEST.replace('memory "128Mi"', 'memory: "128Mi"')
    code = "\n".join("    " + line for line in fixed.split("\n")[2:] if line) + "\n"
    text = "The manifest:\n\n" + code
    assert check(text) == []
    tabbed = text.replace("    " + "      containers:", "    \t  containers:")
    finding = only(tabbed)
    assert finding.message == ("invalid YAML: a tab cannot indent YAML; use spaces "
                               "(in a snippet without a fence)")
    assert tabbed[finding.start:finding.end] == "\t"
    assert check(text.replace("\n    ", "\n\t").replace(":\n\n    ", ":\n\n\t")) == []  # a tab for the block
    bare = COMPOSE.replace('version "3.8"', 'version: "3.8"').replace("\n  redis:", "\n\tredis:")
    assert only(bare).message.startswith("invalid YAML: a tab cannot indent YAML")


@pytest.mark.parametrize("text", [
    "Pricing:\n\nOn-demand: per hour\nReserved: 1 or 3 years\n  upfront\nSpot: spare capacity\n",  # few keys
    "Limits:\n\nspec:\n  replicas: 3\n  selector app\n  template: x\n",  # too few keys to tell
    MANIFEST.replace("  name: web", "this line is prose, a sentence that says something"),
])
def test_a_line_that_is_no_yaml_makes_no_snippet_of_a_paragraph_with_few_keys(text: str) -> None:
    assert check(text) == []


HELM = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}-web
  labels:
    {{- include "web.labels" . | nindent 4 }}
spec:
  replicas: {{ .Values.replicaCount }}
  template:
    spec:
      containers:
        - name: web
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
          {{- if .Values.resources }}
          resources:
            {{- toYaml .Values.resources | nindent 12 }}
          {{- end }}
"""


def test_a_helm_template_is_checked_as_the_yaml_around_its_markup() -> None:
    """A chart's template is Go template source: read raw, its first action is a YAML error."""
    assert check("The deployment template:\n\n" + fenced(HELM)) == []
    slipped = HELM.replace("  template:\n", "  template\n")  # a colon lost under the markup
    finding = only("The deployment template:\n\n" + fenced(slipped))
    assert finding.line == 13 and "could not find expected ':'" in finding.message
    assert "starts at line 12, column 3" in finding.message


def test_jinja_statement_lines_are_set_aside_but_an_ansible_value_must_be_quoted() -> None:
    salt = "users:\n{% for name in names %}\n  {{ name }}:\n    shell: /bin/bash\n{% endfor %}\n"
    assert [f.line for f in check(fenced(salt))] == [4]  # `{{ name }}:` is no Go action: a flow key
    state = "{% set port = 8080 %}\nserver:\n  port: 8080 {# the default #}\n"
    assert check(fenced(state)) == []
    task = "- name: Greet\n  debug:\n    msg: {{ greeting }}\n"
    assert only(fenced(task)).line == 4  # Ansible: "template expression at start of value must be quoted"
    assert check(fenced(task.replace("{{ greeting }}", '"{{ greeting }}"'))) == []


@pytest.mark.parametrize("code", [HELM, "a: {% if x %}1{% else %}2{% endif %}\r\n{# note #}\r\n",
                                  "plain: yaml\n"])
def test_setting_markup_aside_keeps_every_other_character_in_place(code: str) -> None:
    from lint.snippets.yaml_asides import set_aside

    kept = set_aside(code)
    assert len(kept) == len(code)
    assert all(a == b or b in " x" and a not in "\r\n" for a, b in zip(code, kept, strict=True))
    assert "{{" not in kept and "{%" not in kept and "{#" not in kept
    assert (kept == code) == ("{" not in code)


@pytest.mark.parametrize("body", [
    "spec:\n  containers:\n    - name: web\n      image: nginx\n      ...\n  volumes:\n  ...\n",
    "selector:\n  matchLabels:\n    app: web\n    .\n    .\n    .\n",
    "resources:\n  limits:\n    cpu: 500m\n  …\n",
    "$ kubectl get pod web -o yaml\napiVersion: v1\nkind: Pod\n",
    "kind: Service\n...\n---\nkind: ConfigMap\n",  # `...` at the start: YAML's end of a document
])
def test_elision_and_a_prompt_are_no_yaml_errors(body: str) -> None:
    assert check(fenced(body)) == []


def test_a_problem_after_an_elision_is_still_reported_in_place() -> None:
    body = "spec:\n  containers:\n    - name: web\n      ...\n  volumes\n  - name: data\n"
    finding = only("Elided:\n\n" + fenced(body))
    assert finding.line == 9 and "starts at line 8, column 3" in finding.message


def test_branches_of_a_template_are_no_duplicate_keys() -> None:
    """Setting "{{- if }}" and "{{- else }}" aside joins their branches: one "replicas:" each."""
    branches = ("spec:\n  {{- if .Values.autoscaling.enabled }}\n  replicas: 1\n  {{- else }}\n"
                "  replicas: {{ .Values.replicaCount }}\n  {{- end }}\n")
    assert check(fenced(branches)) == []
    labels = "labels:\n  {{ .Values.labelA }}: one\n  {{ .Values.labelB }}: two\n"
    assert check(fenced(labels)) == []
    assert "duplicate key 'a'" in only(fenced("a: 1\na: 2\n")).message  # no markup: a duplicate
