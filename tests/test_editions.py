"""The editions extension: glossary words in equations, edition links."""

import editions
import pytest


def test_math_text_words_are_replaced_and_symbols_kept():
    latex = r"\bar{Y} = \begin{cases} \bar{X}, & \text{nếu } a > 0 \end{cases}"
    translated, missing = editions.translate_math_text(latex, {"nếu": "if"})
    assert translated == latex.replace("nếu", "if")
    assert missing == []


def test_vietnamese_words_without_a_pair_are_reported():
    _, missing = editions.translate_math_text(r"\text{với mọi } x", {})
    assert missing == ["với mọi"]


def test_english_words_inside_text_are_left_alone():
    latex = r"\text{ReLU}(x) = \max(0, x)"
    assert editions.translate_math_text(latex, {}) == (latex, [])


def test_glossary_pairs_are_complete_and_unique():
    glossary = editions.load_glossary()
    for table in ("term", "math_text"):
        entries = glossary[table]
        assert entries, table
        assert all(e["vi"].strip() and e["en"].strip() for e in entries)
        vi_terms = [e["vi"] for e in entries]
        assert len(vi_terms) == len(set(vi_terms)), f"duplicate term in [{table}]"


def test_unknown_edition_is_refused(monkeypatch):
    monkeypatch.setenv(editions.ENV_VAR, "de")
    with pytest.raises(ValueError, match="accepted: vi, en, bilingual"):
        editions.edition_from_environment()


@pytest.mark.parametrize(
    ("edition", "pagename", "expected"),
    [
        ("vi", "index", ["../en/index.html", "../bilingual/index.html"]),
        (
            "en",
            "standardization",
            ["../vi/standardization.html", "../bilingual/standardization.html"],
        ),
        (
            "vi",
            "part/page",
            ["../../en/part/page.html", "../../bilingual/part/page.html"],
        ),
        ("bilingual", "index", ["../vi/index.html", "../en/index.html"]),
    ],
)
def test_every_page_links_to_its_twins(edition, pagename, expected):
    class App:
        class config:
            pass

    App.config.lecture_edition = edition
    context = {}
    editions.add_edition_links(App, pagename, "page.html", context, None)
    assert [link["url"] for link in context["edition_links"]] == expected
    # The other edition comes first, with its language named.
    first = context["edition_links"][0]
    assert first["lang"] in editions.EDITIONS
    assert f"../{first['lang']}/" in first["url"]


def test_the_glossary_table_lists_every_pair_in_folded_order():
    terms = [
        {"vi": "đạo hàm", "en": "derivative"},
        {"vi": "bão hoà", "en": "saturate"},
        {"vi": "chuẩn hoá", "en": "standardization"},
    ]
    table = editions.glossary_table(terms, "en")
    rows = [line for line in table.splitlines() if line.startswith("* - ")]
    assert rows == ["* - Vietnamese", "* - bão hoà", "* - chuẩn hoá", "* - đạo hàm"]
    assert "  - derivative" in table
    assert "* - Tiếng Việt" in editions.glossary_table(terms, "vi")


def test_the_glossary_page_shows_every_pair_in_both_editions(site):
    terms = editions.load_glossary()["term"]
    for language in ("vi", "en"):
        html = (site / language / "glossary.html").read_text(encoding="utf-8")
        rows = html.count("<tr class=")
        assert rows == len(terms) + 1, language  # + the header row
        for term in terms:
            assert f"<p>{term['vi']}</p>" in html and f"<p>{term['en']}</p>" in html


def test_glossary_check_catches_a_planted_inconsistency():
    terms = editions.load_glossary()["term"]
    source = "Chuẩn hoá giúp việc huấn luyện ổn định hơn."
    assert (
        editions.glossary_mismatches(
            source, "Standardization makes training more stable.", terms
        )
        == []
    )
    assert editions.glossary_mismatches(
        source, "Normalization makes learning more stable.", terms
    ) == ["huấn luyện", "chuẩn hoá"]


def test_every_english_entry_uses_the_glossary_pairs():
    """The same check the English build runs (and fails on) at its start."""
    from babel.messages.pofile import read_po

    terms = editions.load_glossary()["term"]
    folder = editions.GLOSSARY.parent / "locales" / "en" / "LC_MESSAGES"
    mismatches = []
    for path in sorted(folder.glob("*.po")):
        with path.open("rb") as f:
            for message in read_po(f):
                if message.id and message.string:
                    found = editions.glossary_mismatches(
                        message.id, message.string, terms
                    )
                    mismatches += [(path.name, term) for term in found]
    assert mismatches == []
