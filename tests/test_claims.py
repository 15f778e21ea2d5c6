"""The audit of the lecture's claims: complete, well-formed, and backed."""

import re
from pathlib import Path

import claims
import pytest
from pages import lecture_chapters

DOCS = Path(__file__).resolve().parents[1] / "docs"
CHAPTERS = lecture_chapters()
ALL = claims.load_claims(DOCS / "claims")


def labels_with_next_block(page: Path) -> dict[str, str]:
    """Each MyST target on ``page`` -> the first line of the block after it."""
    text = page.read_text(encoding="utf-8")
    found = {}
    for match in re.finditer(
        r"^\((?P<label>[\w-]+)\)=\n\s*\n?(?P<next>.*)$", text, re.M
    ):
        found[match["label"]] = match["next"]
    return found


def test_every_chapter_has_its_claims():
    assert {p.stem for p in (DOCS / "claims").glob("*.toml")} == set(CHAPTERS)


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_claim_points_at_a_label_on_its_page(chapter):
    labels = labels_with_next_block(DOCS / f"{chapter}.md")
    own = claims.load_claims_file(DOCS / "claims" / f"{chapter}.toml")
    assert own, f"{chapter} lists no claim"
    for claim in own:
        assert claim.evidence in labels, (
            f"{claim.id}: no ({claim.evidence})= on {chapter}"
        )


@pytest.mark.parametrize("claim", [c for c in ALL if c.verdict != "correct"], ids=str)
def test_imprecise_and_wrong_claims_point_at_a_marked_note(claim):
    chapter = next(
        c
        for c in CHAPTERS
        if claim.evidence in labels_with_next_block(DOCS / f"{c}.md")
    )
    text = (DOCS / f"{chapter}.md").read_text(encoding="utf-8")
    after = text.split(f"({claim.evidence})=", 1)[1].lstrip()
    head = after.split("\n:::", 1)[0]
    assert head.startswith(":::{admonition} Ghi chú:"), claim.id
    assert re.search(r"^:class: .*\bproject-note\b", head, re.M), claim.id


def test_claims_come_in_the_lectures_order():
    sections = [tuple(map(int, c.section.split("."))) for c in ALL]
    assert sections == sorted(sections)


def write(tmp_path, text):
    (tmp_path / "page.toml").write_text(text, encoding="utf-8")
    return tmp_path


GOOD = """
[[claim]]
id = "9.1-x"
section = "9.1"
vi = "a"
en = "a"
verdict = "correct"
evidence = "lbl"
why_vi = "b"
why_en = "b"
"""


def test_a_missing_field_is_named(tmp_path):
    with pytest.raises(ValueError, match="lacks why_en"):
        claims.load_claims(write(tmp_path, GOOD.replace('why_en = "b"', "")))


def test_an_unknown_verdict_is_refused(tmp_path):
    bad = GOOD.replace('"correct"', '"dubious"')
    with pytest.raises(ValueError, match="accepted: correct, imprecise, wrong"):
        claims.load_claims(write(tmp_path, bad))


def test_repeated_ids_are_refused(tmp_path):
    with pytest.raises(ValueError, match=r"repeated: 9\.1-x"):
        claims.load_claims(write(tmp_path, GOOD + GOOD))


def test_the_table_is_written_in_the_editions_language(tmp_path):
    loaded = claims.load_claims(write(tmp_path, GOOD))
    assert "**correct**" in claims.claims_table(loaded, "en")
    assert "**đúng**" in claims.claims_table(loaded, "vi")
    assert "{ref}`see <lbl>`" in claims.claims_table(loaded, "en")
    assert claims.summary(loaded, "en") == (
        "1 claims in all: 1 correct, 0 imprecise, 0 wrong."
    )
