"""`term-case`: known terms written with the wrong casing, and its options."""

from __future__ import annotations

from pathlib import Path

import pytest

from fixers.apply import apply_edits
from lint.finding import Finding
from lint.parser import parse
from lint.registry import RuleContext, all_rules
from lint.rules.term_case import TermCase

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "corpus" / "aws-notes.md"


def check(text: str, root: str = ".", **options: object) -> list[Finding]:
    rule = TermCase()
    return list(rule.check(parse(text), RuleContext(options={**rule.options, **options}, root=root)))


def flagged(text: str, **options: object) -> list[str]:
    return [text[f.start:f.end] for f in check(text, **options)]


def fixed(text: str, unsafe: bool = False, **options: object) -> str:
    return apply_edits(text, [e for f in check(text, **options) if f.fix and (unsafe or f.fix.is_safe())
                              for e in f.fix.edits])


def test_finding_message_and_safe_fix() -> None:
    (finding,) = check("Put Cloudfront in front.\n")
    assert finding.rule == "term-case"
    assert finding.message == "`Cloudfront` is written `CloudFront`"
    assert (finding.column, finding.end_column) == (5, 15)
    assert finding.fix is not None and finding.fix.is_safe()


@pytest.mark.parametrize("text, expected", [
    ("Cloudfront, Dynamodb and Elasticache.\n", "CloudFront, DynamoDB and ElastiCache.\n"),
    ("# Elastic BeanStalk and ElasticSearch\n", "# Elastic Beanstalk and Elasticsearch\n"),
    ("Use IPSec and Github; IOT and DDOS.\n", "Use IPsec and GitHub; IoT and DDoS.\n"),
    ("A Cloudfront-backed site.\n", "A CloudFront-backed site.\n"),
])
def test_wrong_casings_are_fixed_safely(text: str, expected: str) -> None:
    assert fixed(text) == expected


def test_lower_case_spellings_get_an_unsafe_fix() -> None:
    text = "Use redis or dynamodb here.\n"
    assert flagged(text) == ["redis", "dynamodb"]
    assert fixed(text) == text
    assert fixed(text, unsafe=True) == "Use Redis or DynamoDB here.\n"
    assert flagged(text, lowercase=False) == []


@pytest.mark.parametrize("text", [
    "A lambda, a shield, the config, a new app in the cloud.\n",  # ordinary words
    "Workspaces and Lambda and Shield.\n",  # title case of ordinary words
    "Run aws dynamodb scan and authenticate-cognito.\n",  # commands and names
    "CLOUDFRONT and DYNAMODB in a shouted heading.\n",
    "buildspec and cfn-init and appspec.\n",  # lower case is how they are written
    "The vpc and the iam role.\n",  # acronyms: off by default
    "`cloudfront` and dynamodb:GetItem and https://cloudfront.example.com\n",
    "CloudFront, DynamoDB, ElastiCache, IPsec, GitHub.\n",
])
def test_correct_or_out_of_scope_words_are_left_alone(text: str) -> None:
    assert flagged(text) == []


@pytest.mark.parametrize("text", [
    "First run terraform init, then terraform plan or terraform apply.\n",  # subcommands, "run"
    "The terraform binary, the docker command and the git CLI.\n",  # the program itself
    "The terraform {} block sets the version; state lives in the .terraform folder.\n",
    "We ran docker build, then ansible install and terraform validate.\n",
    "The provider's source is hashicorp/aws, from the registry.\n",  # a namespace
    "- ansible myhost -m ping -i inventory.ini\n",  # a command line: an option follows
    "openssl x509 -in cert.pem -text -noout\n",
    "**sudo service postgresql status** shows the database's status.\n",  # arguments of a command
    "- Install tools first: dnf install podman and buildah.\n",  # a package
    "Launch the mysql command within 30 s. Once you launch mysql, it stays until you exit mysql.\n",
])
def test_a_tools_lower_case_name_used_as_its_command_is_left_alone(text: str) -> None:
    assert flagged(text) == []


def test_a_tools_lower_case_name_in_a_sentence_is_still_reported() -> None:
    text = "Keep your terraform files small, and your redis caches too.\n"
    assert flagged(text) == ["terraform", "redis"]
    assert flagged("Learn ansible first - it is simple.\n") == ["ansible"]  # a dash, no option
    assert flagged("- make sure postgresql is up.\n") == ["postgresql"]  # "make" is also a word
    # Front matter is metadata, no prose: its keywords are written as its author likes.
    text = ("---\ntitle: Cheat sheet\nkeywords: [kubectl cheat sheet, kubernetes commands]\n---\n\n"
            "On kubernetes.\n")
    assert [(f.line, f.message) for f in check(text)] == [(6, "`kubernetes` is written `Kubernetes`")]
    # A command word opens sentences too: only sudo or a prompt makes a line a command line.
    assert flagged("- git stores code; we push it to github and run it on kubernetes.\n") == [
        "github", "kubernetes"]
    # Tools around a cluster are products; only Kubernetes kinds are right in lower case.
    assert flagged("We deploy to openshift, and istio runs the mesh; a configmap holds it.\n") == [
        "openshift", "istio"]
    assert flagged("Databases/caches/redis and Hashicorp.\n") == ["redis", "Hashicorp"]
    # Only a command-line tool's name is its command: no "postgresql" or "kubernetes" command.
    assert flagged("We checked the postgresql version; we run kubernetes in production.\n") == [
        "postgresql", "kubernetes"]


def test_a_resource_named_in_code_is_left_alone_and_the_product_still_reported() -> None:
    """``kubectl get all -n splunk`` names a namespace: "the *splunk* namespace" is that name.
    Without the code, or before no resource, the lower-case word is the product."""
    code = "- `kubectl get all -n splunk` = Get all resources in the *splunk* namespace.\n"
    assert flagged(code) == []
    assert flagged("- Get all resources in the *splunk* namespace.\n") == ["splunk"]
    assert flagged(code + "- Forward the logs to splunk for search.\n") == ["splunk"]
    redis = "```\ndocker run -d --name redis redis:7\n```\n\nThe redis container and the redis cache.\n"
    assert flagged(redis) == ["redis"]


def test_a_one_word_name_written_as_two_words() -> None:
    """"Cloud Trail", "Event Bridge", "Code Deploy" (three audits' AWS notes) are one word each;
    lower case may be English, and Google Cloud's "Cloud Shell" is two words."""
    text = ("Audit it in Cloud Trail and Event Bridge; Code Deploy ships it. "
            "A data sync runs in Cloud Shell.\n")
    assert [f.message for f in check(text)] == [
        "`Cloud Trail` is written `CloudTrail`", "`Event Bridge` is written `EventBridge`",
        "`Code Deploy` is written `CodeDeploy`"]
    assert all(f.fix is not None and f.fix.is_safe() for f in check(text))
    assert check(text, ignore=["Cloud Trail", "Event Bridge", "Code Deploy"]) == []


def test_linux_is_a_name() -> None:
    """Eight audits' notes write "the linux file system", "chap 2 linux commands"; a path or a
    hyphenated package name is no prose name."""
    assert flagged("Boot the linux system, then run the amazon-linux-2 image.\n") == ["linux"]


def test_a_lower_case_name_alone_in_quotes_is_a_value() -> None:
    """A task's services ('nginx', 'mariadb') and the API server's aliases ("kubernetes") are
    values; unquoted, or capitalised in quotes, the word is the product's name."""
    assert flagged("3. Start 'nginx' & 'mariadb' services.\n") == []
    assert flagged('It answers to the aliases "kubernetes" and “kubernetes”.\n') == []
    assert flagged("3. Start nginx & mariadb services.\n") == ["mariadb"]
    assert flagged("Install 'Mariadb' or 'mariadb server'.\n") == ["Mariadb", "mariadb"]


def test_kubernetes_kinds_in_a_wrong_casing_but_not_as_kubectl_or_a_manifest_names_them() -> None:
    text = ("A Configmap holds config and a configmap is mounted; the NodePOrt service sends traffic "
            "to the nodePort of each node, and a Statefulset or a statefulset keeps its names.\n")
    assert flagged(text) == ["Configmap", "NodePOrt", "Statefulset"]
    expected = text.replace("Configmap", "ConfigMap").replace("NodePOrt", "NodePort")
    assert fixed(text) == expected.replace("Statefulset", "StatefulSet")


def test_acronyms_option() -> None:
    assert flagged("The vpc and the Cidr.\n", acronyms=True) == ["vpc", "Cidr"]


def test_ignore_and_terms_options() -> None:
    assert flagged("Cloudfront here.\n", ignore=["Cloudfront"]) == []
    assert fixed("Deploy with Opentofu.\n", terms=["OpenTofu"]) == "Deploy with OpenTofu.\n"


def test_glossary_file_option(tmp_path: Path) -> None:
    (tmp_path / "g.txt").write_text("[products]\nFrobDB\n")
    assert [f.message for f in check("Use Frobdb.\n", root=str(tmp_path), **{"glossary-file": "g.txt"})] == [
        "`Frobdb` is written `FrobDB`"]


def test_rule_is_registered_and_can_be_turned_off() -> None:
    assert all_rules()["term-case"].options == {"ignore": [], "terms": [], "glossary-file": "",
                                                  "lowercase": True, "acronyms": False}


def test_corpus_findings() -> None:
    doc = parse(CORPUS.read_text(encoding="utf-8"), str(CORPUS))
    findings = list(TermCase().check(doc, RuleContext(options=TermCase.options)))
    pairs = {(doc.text[f.start:f.end], f.fix.edits[0].replacement if f.fix else "") for f in findings}
    assert pairs == {
        ("Cloudfront", "CloudFront"), ("cloudfront", "CloudFront"), ("Cloudformation", "CloudFormation"),
        ("Elasticache", "ElastiCache"), ("BeanStalk", "Beanstalk"), ("ElasticSearch", "Elasticsearch"),
        ("IPSec", "IPsec"), ("IOT", "IoT"), ("redis", "Redis"), ("kinesis", "Kinesis"),
        ("firehose", "Firehose"), ("privatelink", "PrivateLink"), ("citrix", "Citrix"),
        ("Userdata", "UserData"), ("cognito", "Cognito"),
    }
