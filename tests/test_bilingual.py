"""The side-by-side view (``_build/html/bilingual``): each block of Vietnamese
prose beside its English, from the same sources and catalogs as the editions.

The built view is checked against two references built independently of it:
the Vietnamese edition (the source text) and the English catalogs.
"""

import base64
import difflib
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import editions
import pytest
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup
from pages import all_pages, lecture_chapters

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
CATALOGS = DOCS / "locales" / "en" / "LC_MESSAGES"
VIEW = "bilingual"
CHAPTERS = lecture_chapters()

# Shown once on every page, in either language: left out of text comparisons.
SHOWN_ONCE = "div.cell_input, div.cell_output, div.math-wrapper, .headerlink, script"
# Left out of every side: a glossary term's tooltip is in the other language,
# and the view marks terms on both sides, each with its pair.
SHOWN_ONCE += ", .glossary-tip"


def article(path: Path) -> BeautifulSoup:
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    # The site's theme (furo) has an <article>; Sphinx's default theme not.
    return soup.find("article") or soup.find(attrs={"role": "main"})


# Typographic quotes (left and right, double and single) made plain.
PLAIN_QUOTES = str.maketrans("\u201c\u201d\u2018\u2019", "\"\"''")


def words(node) -> list[str]:
    """The words of ``node``'s text, with typographic quotes made plain."""
    return node.get_text(" ").translate(PLAIN_QUOTES).split()


def without(node, selector: str):
    """A copy of ``node`` without the elements that match ``selector``."""
    copy = BeautifulSoup(str(node), "html.parser")
    for element in copy.select(selector):
        element.decompose()
    # A marked glossary term is a word of the text, not a block of its own.
    for element in copy.select(".glossary-term"):
        element.unwrap()
    copy.smooth()
    return copy


def pairs(page) -> list[tuple]:
    """Every pair in a page's article: (Vietnamese half, English half)."""
    found = []
    for pair in page.select("div.bilingual-pair"):
        halves = pair.find_all("div", class_="bilingual-half", recursive=False)
        assert [h.get("lang") for h in halves] == ["vi", "en"], pair
        found.append(tuple(halves))
    return found


def title_pairs(page) -> list[tuple]:
    """Every title with the Vietnamese line under it: (Vietnamese, title)."""
    return [
        (line, line.find_previous_sibling())
        for line in page.select("p.bilingual-title")
    ]


def differences(expected: list[str], got: list[str]) -> str:
    diff = difflib.unified_diff(expected, got, "expected", "side-by-side", n=2)
    return "\n".join(list(diff)[:40])


# The view on the built site -------------------------------------------------


def test_every_page_is_built_in_the_side_by_side_view(site):
    for name in all_pages():
        assert (site / VIEW / f"{name}.html").is_file(), name


def vietnamese_side(page) -> list[str]:
    """The words a reader of the Vietnamese side meets: Vietnamese halves,
    the lines under titles, and what is not paired (the same in both)."""
    english = ".bilingual-en, h1, h2, h3, h4, p.admonition-title, " + SHOWN_ONCE
    return words(without(page, english))


def english_side(page) -> list[str]:
    return words(without(page, ".bilingual-vi, " + SHOWN_ONCE))


def edition_text(site: Path, language: str, name: str) -> list[str]:
    return words(without(article(site / language / f"{name}.html"), SHOWN_ONCE))


@pytest.mark.parametrize("name", CHAPTERS)
def test_the_vietnamese_side_is_the_vietnamese_edition(site, name):
    """Every block is there, in order, word for word as the edition has it."""
    got = vietnamese_side(article(site / VIEW / f"{name}.html"))
    expected = edition_text(site, "vi", name)
    assert got == expected, differences(expected, got)


@pytest.mark.parametrize("name", CHAPTERS)
def test_the_english_side_is_the_english_edition(site, name):
    got = english_side(article(site / VIEW / f"{name}.html"))
    expected = edition_text(site, "en", name)
    assert got == expected, differences(expected, got)


def test_the_side_checks_catch_planted_defects(site):
    name = "standardization"
    page = article(site / VIEW / f"{name}.html")
    # One pair lost: both sides miss a block.
    lost = BeautifulSoup(str(page), "html.parser")
    lost.select("div.bilingual-pair")[3].decompose()
    assert vietnamese_side(lost) != edition_text(site, "vi", name)
    assert english_side(lost) != edition_text(site, "en", name)
    # An English half that repeats the Vietnamese (an untranslated block).
    repeated = BeautifulSoup(str(page), "html.parser")
    vi, en = pairs(repeated)[0]
    en.clear()
    en.append(BeautifulSoup(vi.decode_contents(), "html.parser"))
    assert english_side(repeated) != edition_text(site, "en", name)
    assert words(vi) == words(pairs(repeated)[0][1])


# A message with no markup renders as its own text.
PLAIN = re.compile(r"^[^`$*_\[\]{}<>\\|#]+$")


def plain(text: str) -> str:
    return " ".join(text.translate(PLAIN_QUOTES).split())


@pytest.mark.parametrize("name", CHAPTERS)
def test_pairs_hold_the_source_and_its_catalog_entry(site, name):
    """Each catalog entry without markup: its msgid in a Vietnamese half (or
    under a title) and its msgstr in the English half beside it. Figures'
    alt text is left out: the view gives it in English only."""
    alts = {img["alt"] for img in article(site / "vi" / f"{name}.html").find_all("img")}
    with (CATALOGS / f"{name}.po").open("rb") as f:
        entries = {
            plain(m.id): plain(m.string)
            for m in read_po(f)
            if m.id and m.id not in alts and PLAIN.match(m.id)
        }
    page = without(article(site / VIEW / f"{name}.html"), ".headerlink, .glossary-tip")
    units = [
        (" ".join(words(vi)), " ".join(words(en)))
        for vi, en in pairs(page) + title_pairs(page)
    ]
    missing = {
        msgid: msgstr
        for msgid, msgstr in entries.items()
        if not any(msgid in vi and msgstr in en for vi, en in units)
    }
    assert len(entries) >= 5, f"{name}: too few entries without markup to compare"
    assert missing == {}


def test_no_pair_shows_the_same_text_twice(site):
    same = [
        f"{path.name}: {' '.join(words(vi))[:60]}"
        for path in sorted((site / VIEW).glob("*.html"))
        if article(path)
        for vi, en in pairs(article(path))
        if words(vi) == words(en)
    ]
    assert same == []


def test_each_side_names_its_language(site):
    for name in all_pages():
        path = site / VIEW / f"{name}.html"
        html = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        assert html.find("html")["lang"] == "en", name
        for line in html.select("p.bilingual-title"):
            assert line.get("lang") == "vi", f"{name}: {line}"
    assert pairs(article(site / VIEW / "standardization.html"))


@pytest.mark.parametrize("name", all_pages())
def test_every_page_links_to_the_view_and_back(site, name):
    def links(path: Path) -> dict[Path, str]:
        nav = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select(
            "nav.edition-switch a[href$='.html']"
        )
        return {(path.parent / a["href"]).resolve(): a.get("lang") for a in nav}

    twins = {code: site / code / f"{name}.html" for code in ("vi", "en", VIEW)}
    view = links(twins[VIEW])
    assert view == {twins["vi"].resolve(): "vi", twins["en"].resolve(): "en"}
    for code in ("vi", "en"):
        assert twins[VIEW].resolve() in links(twins[code]), code


def test_root_page_offers_the_view(site):
    html = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="bilingual/index.html"' in html


# The view's rules, on a small project with planted defects -------------------

CONF = """
import sys
sys.path.insert(0, {ext!r})
extensions = ["myst_parser", "editions", "bilingual"]
myst_enable_extensions = ["colon_fence"]
language = "en"
lecture_edition = "bilingual"
locale_dirs = ["locales/"]
gettext_compact = False
"""
PAGE = """
# Tiêu đề

Đoạn thứ nhất.

:::{note}
Một ghi chú.
:::

Leaky ReLU

:::{figure} dot.png
Chú thích
:::
"""
# A 4x4 transparent PNG, for the figure.
DOT = (
    "iVBORw0KGgoAAAANSUhEUgAAAAQAAAAECAYAAACp8Z5+AAAADElEQVR4nGNgoBwAAABEAAHX40j9"
    "AAAAAElFTkSuQmCC"
)


def build_small_project(tmp_path: Path, translations: dict[str, str] | None):
    """Build a one-page project in the side-by-side view, with its catalog
    (none if ``translations`` is None); return the result and the article."""
    source = tmp_path / "src"
    (source / "locales" / "en" / "LC_MESSAGES").mkdir(parents=True)
    (source / "conf.py").write_text(
        CONF.format(ext=str(DOCS / "_ext")), encoding="utf-8"
    )
    (source / "index.md").write_text(PAGE, encoding="utf-8")
    (source / "dot.png").write_bytes(base64.b64decode(DOT))
    entries = "".join(
        f'\nmsgid "{msgid}"\nmsgstr "{msgstr}"\n'
        for msgid, msgstr in (translations or {}).items()
    )
    catalog = source / "locales" / "en" / "LC_MESSAGES" / "index.po"
    catalog.write_text(
        textwrap.dedent("""\
            msgid ""
            msgstr ""
            "Content-Type: text/plain; charset=UTF-8\\n"
            """)
        + entries,
        encoding="utf-8",
    )
    if translations is None:
        catalog.unlink()
    paths = [str(source), str(tmp_path / "out")]
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-W", "-q", "-E", *paths],
        capture_output=True,
        text=True,
    )
    page = tmp_path / "out" / "index.html"
    return result, article(page) if page.is_file() else None


TRANSLATED = {
    "Tiêu đề": "Title",
    "Đoạn thứ nhất.": "The first paragraph.",
    "Một ghi chú.": "A note.",
    "Leaky ReLU": "Leaky ReLU",
    "Chú thích": "Caption",
}


def test_a_translated_block_is_a_pair_and_a_title_keeps_its_vietnamese(tmp_path):
    result, page = build_small_project(tmp_path, TRANSLATED)
    assert result.returncode == 0, result.stderr
    shown = [(" ".join(words(vi)), " ".join(words(en))) for vi, en in pairs(page)]
    assert shown == [
        ("Đoạn thứ nhất.", "The first paragraph."),
        ("Một ghi chú.", "A note."),
    ]
    assert page.find("h1").get_text().rstrip("¶") == "Title"
    assert page.select_one("p.bilingual-title[lang=vi]").get_text() == "Tiêu đề"
    # A caption, with its Vietnamese in the same <figcaption>.
    caption = page.find("figcaption")
    assert caption.select_one("span.caption-text").get_text() == "Caption"
    assert caption.select_one("p.bilingual-title[lang=vi]").get_text() == "Chú thích"
    # Translated as itself: shown once, not as two identical halves.
    assert [p.get_text() for p in page.find_all("p")].count("Leaky ReLU") == 1


def test_an_untranslated_block_is_shown_once_saying_where_its_english_belongs(
    tmp_path,
):
    result, page = build_small_project(tmp_path, {**TRANSLATED, "Đoạn thứ nhất.": ""})
    assert result.returncode == 0, result.stderr
    alone = page.select("div.bilingual-untranslated")
    assert [" ".join(words(block)) for block in alone] == [
        "Đoạn thứ nhất. No English translation yet "
        "(in src/locales/en/LC_MESSAGES/index.po)."
    ]
    assert alone[0].select_one("[lang=vi]").get_text(strip=True) == "Đoạn thứ nhất."
    assert [" ".join(words(vi)) for vi, _ in pairs(page)] == ["Một ghi chú."]


def test_a_page_without_a_catalog_shows_no_pair(tmp_path):
    result, page = build_small_project(tmp_path, None)
    assert result.returncode == 0, result.stderr
    assert pairs(page) == []
    assert len(page.select("div.bilingual-untranslated")) == 3
    assert page.find("figcaption").select("p.bilingual-title") == []
    # The heading is Vietnamese already: no second Vietnamese line under it.
    assert page.find("h1").get_text().rstrip("¶") == "Tiêu đề"
    assert page.select("p.bilingual-title") == []


def test_no_block_of_the_site_lacks_its_english(site):
    missing = [
        f"{path.name}: {' '.join(words(block))[:80]}"
        for path in sorted((site / VIEW).glob("*.html"))
        for block in BeautifulSoup(path.read_text("utf-8"), "html.parser").select(
            "div.bilingual-untranslated"
        )
    ]
    assert missing == []


def test_the_view_is_an_accepted_edition(monkeypatch):
    monkeypatch.setenv(editions.ENV_VAR, VIEW)
    assert editions.edition_from_environment() == VIEW
    assert editions.sphinx_language(VIEW) == "en"
