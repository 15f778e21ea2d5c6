"""The English catalogs and the sources: complete, faithful, UTF-8 in NFC."""

import re
import subprocess
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
CATALOGS = sorted((DOCS / "locales" / "en" / "LC_MESSAGES").glob("*.po"))

# What a translation must carry over unchanged: inline math, roles with their
# targets (glue keys, references), inline code.
_MARKUP = re.compile(
    r"\$[^$]+\$"  # inline math
    r"|\{[\w:-]+\}`[^`]*`"  # a role and its content
    r"|(?<![`{}\w])`[^`]+`"  # inline code
)


def markup(text: str) -> Counter:
    """The pieces of ``text`` that a translation must keep verbatim."""
    return Counter(_MARKUP.findall(text))


def catalog_problems(path: Path) -> list[str]:
    """Everything wrong with one catalog: empty, fuzzy or unfaithful entries."""
    with path.open("rb") as f:
        catalog = read_po(f)
    problems = ["the header is marked fuzzy"] if catalog.fuzzy else []
    for message in catalog:
        if not message.id:
            continue
        if not message.string:
            problems.append(f"untranslated: {message.id!r}")
        elif message.fuzzy:
            problems.append(f"fuzzy: {message.id!r}")
        elif markup(message.string) != markup(message.id):
            lost = markup(message.id) - markup(message.string)
            added = markup(message.string) - markup(message.id)
            problems.append(
                f"markup changed in {message.id!r}: lost {dict(lost)}, "
                f"added {dict(added)}"
            )
    return problems


def encoding_problems(path: Path) -> list[str]:
    """Why a text file is not UTF-8 in Unicode NFC, if it is not."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        return [f"{path.name}: not UTF-8 ({err.reason} at byte {err.start})"]
    if not unicodedata.is_normalized("NFC", text):
        line = next(
            n
            for n, row in enumerate(text.splitlines(), 1)
            if not unicodedata.is_normalized("NFC", row)
        )
        return [f"{path.name}: not in NFC (line {line})"]
    return []


def test_every_page_has_a_catalog():
    pages = {p.stem for p in DOCS.glob("*.md")}
    assert {p.stem for p in CATALOGS} == pages


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.stem)
def test_every_entry_is_translated_faithfully_and_none_is_fuzzy(path):
    assert catalog_problems(path) == []


def test_catalog_check_catches_planted_defects(tmp_path):
    planted = tmp_path / "planted.po"
    planted.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "một"\nmsgstr ""\n\n'
        '#, fuzzy\nmsgid "hai"\nmsgstr "two"\n\n'
        'msgid "với $a \\\\neq 0$"\nmsgstr "with $a \\\\ne 0$"\n\n'
        'msgid "xem {glue:text}`p.md::k:.2f`"\nmsgstr "see {glue:text}`p.md::q:.2f`"\n',
        encoding="utf-8",
    )
    problems = catalog_problems(planted)
    assert problems[0] == "untranslated: 'một'"
    assert problems[1] == "fuzzy: 'hai'"
    assert problems[2].startswith("markup changed in 'với $a \\\\neq 0$'")
    assert problems[3].startswith("markup changed in 'xem {glue:text}")
    assert len(problems) == 4


def tracked_text_files() -> list[Path]:
    listed = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    suffixes = {".md", ".po", ".py", ".toml", ".html", ".css", ".js", ".svg", ""}
    return [ROOT / f for f in listed if Path(f).suffix in suffixes]


def test_sources_are_utf8_in_nfc():
    files = tracked_text_files()
    assert len(files) > 20
    problems = [p for path in files for p in encoding_problems(path)]
    assert problems == []


def test_encoding_check_catches_planted_defects(tmp_path):
    decomposed = tmp_path / "nfd.md"
    decomposed.write_text("ok\n" + unicodedata.normalize("NFD", "chuẩn hoá\n"))
    latin1 = tmp_path / "latin1.md"
    latin1.write_bytes("độ".encode("utf-16"))
    assert encoding_problems(decomposed) == ["nfd.md: not in NFC (line 2)"]
    assert "not UTF-8" in encoding_problems(latin1)[0]
