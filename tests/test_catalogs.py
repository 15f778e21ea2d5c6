"""The English catalogs: complete, not fuzzy, and faithful in their markup."""

import re
from collections import Counter
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

DOCS = Path(__file__).resolve().parents[1] / "docs"
CATALOGS = sorted((DOCS / "locales" / "en" / "LC_MESSAGES").glob("*.po"))

# What a translation must carry over unchanged: inline math, roles with their
# targets (glue keys, references), inline code and MyST targets.
_MARKUP = re.compile(
    r"\$[^$]+\$"  # inline math
    r"|\{[\w:-]+\}`[^`]*`"  # a role and its content
    r"|(?<![`{}\w])`[^`]+`"  # inline code
)


def markup(text: str) -> Counter:
    """The pieces of ``text`` that a translation must keep verbatim."""
    return Counter(_MARKUP.findall(text))


def load(path: Path):
    with path.open("rb") as f:
        return read_po(f)


def test_every_page_has_a_catalog():
    pages = {p.stem for p in DOCS.glob("*.md")}
    assert {p.stem for p in CATALOGS} == pages


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.stem)
def test_every_entry_is_translated_and_none_is_fuzzy(path):
    catalog = load(path)
    assert not catalog.fuzzy, f"{path.name}: the header is marked fuzzy"
    untranslated = [m.id for m in catalog if m.id and not m.string]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert not untranslated, f"{path.name}: untranslated: {untranslated}"
    assert not fuzzy, f"{path.name}: fuzzy: {fuzzy}"


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.stem)
def test_translations_keep_math_roles_and_code(path):
    for message in load(path):
        if message.id and message.string:
            assert markup(message.string) == markup(message.id), message.id


def test_markup_check_catches_an_altered_equation():
    source = r"với $a \neq 0$ và {glue:text}`p.md::k:.2f` lần"
    assert markup(r"with $a \neq 0$ and {glue:text}`p.md::k:.2f` times") == markup(
        source
    )
    assert markup(r"with $a \ne 0$ and {glue:text}`p.md::k:.2f` times") != markup(
        source
    )
    assert markup(r"with $a \neq 0$ and {glue:text}`p.md::other:.2f`") != markup(source)
