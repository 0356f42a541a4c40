"""Test-wide set-up: the tests, and every notelint they start, use a cache of their own."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from lint.cache import ENV_DIR


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    # Never read or fill the user's cache from a test: a stale entry there must not decide one.
    # Session-scoped (hypothesis refuses function-scoped fixtures around @given tests).
    directory = tmp_path_factory.mktemp("cache")
    before = os.environ.get(ENV_DIR)
    os.environ[ENV_DIR] = str(directory)
    yield directory
    if before is None:
        del os.environ[ENV_DIR]
    else:
        os.environ[ENV_DIR] = before
