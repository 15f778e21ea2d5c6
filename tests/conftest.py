"""Shared fixtures: the built site, built once per test run."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import torch

# One thread, as in every notebook kernel of the build: the tests then follow
# the same floating-point path as the pages whose claims they check.
torch.set_num_threads(1)

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"


@pytest.fixture(scope="session")
def site() -> Path:
    """Build both editions (from the execution cache where it holds) and
    return the site's root folder."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "docs" / "sitebuild.py")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONWARNINGS": ""},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return SITE


@pytest.fixture
def workspace(site, tmp_path) -> Path:
    """A copy of docs/ and snippets/ with the warm execution cache."""
    for folder in ("docs", "snippets"):
        shutil.copytree(
            ROOT / folder,
            tmp_path / folder,
            ignore=shutil.ignore_patterns("__pycache__", "*.mo"),
        )
    shutil.copytree(
        ROOT / "_build" / ".jupyter_cache", tmp_path / "_build" / ".jupyter_cache"
    )
    return tmp_path
