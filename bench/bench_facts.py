"""Time the facts file for the corpus: build, YAML dump (ours vs ruamel's emitter), JSON dump.

    python bench/bench_facts.py [FILE.md ...]

The ruamel round-trip emitter is what the first cut used; ``dump_facts`` writes the same bytes
(tests/test_facts.py compares them), so the two times compare like for like.
"""

from __future__ import annotations

import io
import sys
import time
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from lint import facts
from lint.parser import parse

ROOT = Path(__file__).resolve().parent.parent


def ruamel_dump(data: Any) -> str:
    def quoted(value: Any) -> Any:
        if isinstance(value, str):
            return value if facts._plain_is_string(value) else DoubleQuotedScalarString(value)
        if isinstance(value, dict):
            return {k: quoted(v) for k, v in value.items()}
        if isinstance(value, list):
            return [quoted(v) for v in value]
        return value

    yaml = YAML(typ="rt", pure=True)
    yaml.width = 1_000_000_000
    yaml.allow_unicode = True
    yaml.default_flow_style = False
    stream = io.StringIO()
    yaml.dump(quoted(data), stream)
    return stream.getvalue()


def best_of(runs: int, func: Any, *args: Any) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(runs):
        start = time.perf_counter()
        result = func(*args)
        best = min(best, time.perf_counter() - start)
    return best, result


def main(paths: list[str]) -> None:
    paths = paths or [str(ROOT / "tests" / "corpus" / "aws-notes.md")]
    docs = [parse(Path(p).read_bytes().decode("utf-8"), p) for p in paths]
    build_time, data = best_of(3, facts.build_facts, docs)
    ours_time, ours = best_of(3, facts.dump_facts, data)
    ruamel_time, theirs = best_of(1, ruamel_dump, data)
    json_time, _ = best_of(3, facts.dump_facts_json, data)
    count = sum(len(t["facts"]) for t in data["topics"])
    print(f"{count} facts, {len(ours):,} bytes of YAML (identical to ruamel's: {ours == theirs})")
    print(f"build_facts          {build_time:7.3f} s")
    print(f"dump_facts           {ours_time:7.3f} s")
    print(f"ruamel rt emitter    {ruamel_time:7.3f} s")
    print(f"dump_facts_json      {json_time:7.3f} s")


if __name__ == "__main__":
    main(sys.argv[1:])
