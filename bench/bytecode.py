"""Compile notelint's modules to bytecode before a bench times fresh processes.

pip compiles an installed package's modules when it installs them, and the peers a bench
times against (mdformat, codespell) were installed that way. notelint runs from an editable
install; with ``PYTHONDONTWRITEBYTECODE`` set (as in CI and this machine's environment), every
fresh ``notelint`` process would compile its sources again, about 100 ms a run that no user of
an installed notelint pays. Compiling here writes the same ``__pycache__`` files pip would.
"""

from __future__ import annotations

import compileall
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("lint", "fixers")


def compile_notelint() -> bool:
    """Write (or refresh) the bytecode of notelint's packages; False if any module failed."""
    return all(compileall.compile_dir(ROOT / name, quiet=1) for name in PACKAGES)
