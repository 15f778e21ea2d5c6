"""Which pages of docs/ are which: every test module asks the same way."""

import re
from pathlib import Path

DOCS = Path(__file__).resolve().parents[1] / "docs"


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def all_pages() -> list[str]:
    return sorted(p.stem for p in DOCS.glob("*.md"))


def notebook_pages() -> list[str]:
    """Pages whose code cells run at build time."""
    return sorted(
        p.stem for p in DOCS.glob("*.md") if "file_format: mystnb" in _text(p)
    )


def lecture_chapters() -> list[str]:
    """The lecture's sections (titles like "1.3 ..."), in file order."""
    return sorted(
        p.stem
        for p in DOCS.glob("*.md")
        if re.search(r"^# \d+\.\d+ ", _text(p), re.MULTILINE)
    )
