"""Fact kinds, glossary terms and quantities: on reviewed corpus facts and on single phrases."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from lint.fact_kinds import KINDS, UNIT_PATTERN, TermMatcher, analyse, definition, quantities, term_matcher
from lint.facts import build_facts
from lint.parser import parse
from lint.spelling import glossary, parse_glossary

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus" / "aws-notes.md"


@pytest.fixture(scope="module")
def corpus_by_line() -> dict[int, dict[str, Any]]:
    data = build_facts([parse(CORPUS.read_bytes().decode("utf-8"), "notes/aws-notes.md")])
    return {f["source"]["line"]: f for t in data["topics"] for f in t["facts"]}


def q(*items: tuple[float, str, str]) -> list[tuple[float, str, str]]:
    return list(items)


# Reviewed by hand: (line, start of the text, kind, terms, quantities as (value, unit, text)).
REVIEWED: list[tuple[int, str, str, list[str], list[tuple[float, str, str]]]] = [
    (7, "EB deployment - Immutable", "definition", [], q()),
    (16, "You cant connect this to CloudFront unlike S3.", "comparison", ["CloudFront", "S3"], q()),
    (22, "**sam publish** vs sam deploy", "comparison", [], q()),
    (48, "Integrate CloudWatch Events with Lambda", "limit", ["CloudWatch Events", "Lambda"],
     q((30, "minutes", "30 minutes"))),
    (86, "Regions can only have 1 default VPC", "list-item", ["VPC"], q()),
    (87, "1 VPC can contain multiple AZ.", "list-item", ["VPC", "AZ"], q()),
    (169, "You are uploading large amounts of data overnight, 3 to 5 TB", "limit", ["S3"],
     q((3, "TB", "3 to 5 TB"), (5, "TB", "3 to 5 TB"))),
    (181, "NACL: Stateless", "definition", ["NACL"], q()),
    (201, "SGs offer a few advantages vs NACLs", "comparison", ["SG", "NACL"], q()),
    (355, "SCPs: define the maximum permissions", "definition", ["SCP"], q()),
    (369, "An IAM user has no permission", "limit", ["IAM"], q()),  # "Hard Limit of **5000 users**"
    (428, "Data Events are chargeable at $0.10 per 100,000 events", "limit", [],
     q((0.1, "USD", "$0.10"))),
    (446, "Keys are rotated every 1095 days(3 years)", "limit", [],
     q((1095, "days", "1095 days"), (3, "years", "3 years"))),
    (458, "This physical key material", "limit", [], q((4, "KB", "4KB"))),
    (599, "**IAM Role vs Access Keys**:", "comparison", ["IAM"], q()),
    (707, "ALBs are slower than NLB", "comparison", ["ALB", "NLB"], q()),
    (742, "Are very very fast (millions of rps, 25% of ALB latency)", "limit", ["ALB"], q((25, "%", "25%"))),
    (1009, "An authorization failure occurred", "statement", ["API Gateway", "Lambda"], q()),  # "504s"
    (1172, "Default limit of the number of S3 buckets", "limit", ["S3"], q((5, "TB", "5TB"))),
    (1251, "As part of the Free Tier: 5GB", "limit", [],
     q((5, "GB", "5GB"), (20000, "requests", "20,000 GET requests"),
       (2000, "requests", "2,000 PUT requests"))),
    (1302, "S3 Glacier: 90 days minimum", "limit", ["S3", "Glacier"], q((90, "days", "90 days"))),
    (1304, "Expedited `(1 - 5 minutes", "limit", [],
     q((1, "minutes", "1 - 5 minutes"), (5, "minutes", "1 - 5 minutes"))),
    (1496, "3000 IOPS and 125 MBPS", "limit", ["IOPS"],
     q((3000, "IOPS", "3000 IOPS"), (125, "MB/s", "125 MBPS"))),
    (1519, "3 IOPS/GB max (gp3)", "limit", ["IOPS"], q((3, "IOPS/GB", "3 IOPS/GB"))),
    (1527, "Base (40MBPS/TB)", "limit", [], q((40, "MB/s/TB", "40MBPS/TB"))),
    (1756, "Each item (table row) can be `at most 400KB`", "limit", [], q((400, "KB", "400KB"))),
    (1782, "1 RCU = 1 x 4KB read operation per second.", "limit", ["RCU", "WCU"],
     q((1, "RCU", "1 RCU"), (4, "KB", "4KB"), (1, "KB", "1KB"), (1, "WCU", "1 WCU"))),
    (1855, "Cache hits are returned in about 400 microseconds", "limit", [],
     q((400, "µs", "400 microseconds"))),
    (1956, "900s (15 minutes) function timeout", "limit", [], q((15, "minutes", "15 minutes"))),
    (2170, "Spread (Hardware Failure): Across distinct", "definition", ["AZ"], q()),
    (2255, "EC2 vs ECS(EC2) vs Fargate", "comparison", ["EC2", "ECS", "Fargate"], q()),
    (2416, "Visibility defaults 30 seconds", "limit", [],
     q((30, "s", "30 seconds"), (0, "hours", "0 to 12 hours"), (12, "hours", "0 to 12 hours"))),
    (2433, "throughput of 3,000 messages per second", "limit", [],
     q((3000, "messages/s", "3,000 messages per second"))),
    (3099, "Maximum duration for state machine execution is 1 year.", "limit", [], q((1, "years", "1 year"))),
    (283, "Explicit approve allows actions `s3:PutObject`", "list-item", ["S3"], q()),  # "2012-10-17"
]


@pytest.mark.parametrize(("line", "start", "kind", "terms", "found"), REVIEWED,
                         ids=[str(r[0]) for r in REVIEWED])
def test_reviewed_corpus_facts(corpus_by_line: dict[int, dict[str, Any]], line: int, start: str, kind: str,
                               terms: list[str], found: list[tuple[float, str, str]]) -> None:
    fact = corpus_by_line[line]
    assert fact["text"].startswith(start)
    assert fact["kind"] == kind
    assert fact["terms"] == terms
    assert [(x["value"], x["unit"], x["text"]) for x in fact["quantities"]] == found
    assert ("definition" in fact) == (kind == "definition")


def test_reviewed_sample_is_large_enough_and_covers_every_kind() -> None:
    assert len(REVIEWED) >= 20
    assert {r[2] for r in REVIEWED} == set(KINDS)


def test_corpus_definitions_split_term_and_explanation(corpus_by_line: dict[int, dict[str, Any]]) -> None:
    assert corpus_by_line[599].get("definition") is None  # a comparison, even with a colon
    assert corpus_by_line[181]["definition"] == {"term": "NACL", "explanation": "Stateless"}
    ebs = corpus_by_line[1491]["definition"]  # the colon wins over an earlier spaced dash
    assert ebs["term"] == "EBS - General Purpose SSD (gp2)"
    assert ebs["explanation"].startswith("Volumes can be from 1GB to 16TB.")
    kinds = Counter(f["kind"] for f in corpus_by_line.values())
    assert set(kinds) == set(KINDS) and all(kinds[k] >= 20 for k in KINDS), kinds
    for fact in corpus_by_line.values():
        if fact["kind"] == "definition":
            term = fact["definition"]["term"]
            assert len(term.split()) <= 8 and not re.search(r"\b(is|are|can)\b", term), fact["text"]


# --------------------------------------------------------------------------- quantities

@pytest.mark.parametrize(("text", "expected"), [
    ("at most 400KB", [(400, "KB", "400KB")]),
    ("15 minutes", [(15, "minutes", "15 minutes")]),
    ("5 TB", [(5, "TB", "5 TB")]),
    ("64 kB and 2 gb", [(64, "KB", "64 kB"), (2, "GB", "2 gb")]),
    ("64 TiB", [(64, "TiB", "64 TiB")]),
    ("5120 bytes", [(5120, "bytes", "5120 bytes")]),
    ("2 kilobytes", [(2, "KB", "2 kilobytes")]),
    ("~200 ms", [(200, "ms", "200 ms")]),
    ("50 milliseconds to 29 seconds", [(50, "ms", "50 milliseconds"), (29, "s", "29 seconds")]),
    ("a 24 hour period, 24h", [(24, "hours", "24 hour")]),
    ("a 5-minute window", [(5, "minutes", "5-minute")]),
    ("1 day, 2 weeks, 3 months, 1 yr",
     [(1, "days", "1 day"), (2, "weeks", "2 weeks"), (3, "months", "3 months"), (1, "years", "1 yr")]),
    ("3000 IOPS", [(3000, "IOPS", "3000 IOPS")]),
    ("1,000 requests", [(1000, "requests", "1,000 requests")]),
    ("500 requests per second", [(500, "requests/s", "500 requests per second")]),
    ("10,000 rps", [(10000, "requests/s", "10,000 rps")]),
    ("3,000 messages per second", [(3000, "messages/s", "3,000 messages per second")]),
    ("125 MB/s and 125 MBPS", [(125, "MB/s", "125 MB/s")]),
    ("10 Gbps", [(10, "Gbit/s", "10 Gbps")]),
    ("3 IOPS/GB", [(3, "IOPS/GB", "3 IOPS/GB")]),
    ("40MBPS/TB", [(40, "MB/s/TB", "40MBPS/TB")]),
    ("10 percent and 99.9%", [(10, "%", "10 percent"), (99.9, "%", "99.9%")]),
    ("1 RCU, 2 WCUs", [(1, "RCU", "1 RCU"), (2, "WCU", "2 WCUs")]),
    ("$0.10 per 100,000 events", [(0.1, "USD", "$0.10")]),
    ("$600 monthly", [(600, "USD", "$600")]),
    ("3 to 5 TB", [(3, "TB", "3 to 5 TB"), (5, "TB", "3 to 5 TB")]),
    ("0-35 days", [(0, "days", "0-35 days"), (35, "days", "0-35 days")]),
    ("between 3 and 5 hours", [(3, "hours", "3 and 5 hours"), (5, "hours", "3 and 5 hours")]),
    ("5MB to 5GB", [(5, "MB", "5MB"), (5, "GB", "5GB")]),
    ("_16 KB_ and **1KB**", [(16, "KB", "16 KB"), (1, "KB", "1KB")]),
    ("4KB then 4 KB again", [(4, "KB", "4KB")]),
])
def test_quantities_are_normalised(text: str, expected: list[tuple[float, str, str]]) -> None:
    found = quantities(text)
    assert [(x["value"], x["unit"], x["text"]) for x in found] == expected
    assert all(re.fullmatch(UNIT_PATTERN, x["unit"]) for x in found)
    assert all(type(x["value"]) is (float if "." in str(x["value"]) else int) for x in found)


@pytest.mark.parametrize("text", [
    "1 VPC", "5000 users", "7 instances per AZ", "100,000 events", "S3", "EC2", "t2.micro", "us-east-1",
    "2012-10-17", "io1/io2", "gp3", "1/5 of the price", "2/2 checks", "HTTP 504 errors and not 504s",
    "Layer 7", "v2.0", "SAML2.0", "5.4 million IOPS credits", "one second", "millions of rps",
    "Canary10Percent10Minutes", "sg-0123acbd4567", "111122223333", "in the 1990s", "5 mintues",
])
def test_not_quantities(text: str) -> None:
    assert quantities(text) == []


# --------------------------------------------------------------------------- kinds

@pytest.mark.parametrize(("text", "block", "kind"), [
    ("Lambda: serverless functions", "paragraph", "definition"),
    ("Lambda - serverless functions", "list_item", "definition"),
    ("**DAX**: a cache in front of DynamoDB", "paragraph", "definition"),
    ("Max item size: 400 KB", "paragraph", "limit"),
    ("Object size: up to 5 TB", "paragraph", "limit"),
    ("Rolling: with 4 instances, 25% are updated at a time", "paragraph", "definition"),
    ("SQS vs SNS: pull versus push", "paragraph", "comparison"),
    ("Standard-IA is cheaper than Standard", "paragraph", "comparison"),
    ("Use more than 3 AZs", "paragraph", "limit"),
    ("Hard limit of **5000 users** per account", "list_item", "limit"),
    ("Is this a question: or not?", "paragraph", "statement"),
    ("If you need a key: use KMS", "paragraph", "statement"),
    ("Authorization is controlled by IAM policies: managed and inline", "paragraph", "statement"),
    ("Your sign-in page URL has the following format:", "paragraph", "statement"),
    ("`code`: not a term", "list_item", "list-item"),
    ("User or App --- S3 Endpoint --- S3 Storage", "paragraph", "statement"),
    ("Domain Name -> ELB DNS", "list_item", "list-item"),
])
def test_kinds_and_their_precedence(text: str, block: str, kind: str) -> None:
    assert analyse(text, block, term_matcher(glossary()))["kind"] == kind


def test_definition_term_loses_its_emphasis() -> None:
    assert definition("**Service Role**: assumed by a service") == ("Service Role", "assumed by a service")
    assert definition("Note: read this") is None
    assert definition("Term:") is None


# --------------------------------------------------------------------------- terms

@pytest.mark.parametrize(("text", "terms"), [
    ("Use CloudWatch Logs with Lambda and CloudWatch", ["CloudWatch Logs", "Lambda", "CloudWatch"]),
    ("s3:GetObject on dynamodb tables", ["S3", "DynamoDB"]),
    ("VPCs, ENIs and the ELB's nodes", ["VPC", "ENI", "ELB"]),
    ("AWS and Amazon are vendors", []),
    ("Connect to the instance. AWS Config records it; use Config rules.", ["Config"]),
    ("Backup first", []),
    ("deploy to us-east-1 in N. Virginia", ["us-east-1", "N. Virginia"]),
    ("api gateway in lower case is not the name", []),
    ("API Gateway", ["API Gateway"]),
])
def test_terms(text: str, terms: list[str]) -> None:
    assert term_matcher(glossary()).terms(text) == terms


def test_terms_come_from_the_glossary_given() -> None:
    own = TermMatcher(parse_glossary("[services]\nWidgetHub\nFoo Bar\n"))
    assert own.terms("foo bar uses widgethub and Foo Bar") == ["WidgetHub", "Foo Bar"]
    data = build_facts([parse("# T\n\nFoo Bar: WidgetHub in S3\n", "x.md")],
                       terms=parse_glossary("[services]\nWidgetHub\nFoo Bar\n"))
    assert data["topics"][0]["facts"][0]["terms"] == ["Foo Bar", "WidgetHub"]
