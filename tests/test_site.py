"""The built site, read as files: both editions, their links and outputs."""

import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar
from urllib.parse import urlparse

import pytest
from babel.messages.pofile import read_po
from pages import lecture_chapters

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
PAGES = sorted(p.stem for p in DOCS.glob("*.md"))
CHAPTERS = lecture_chapters()
EDITIONS = ("vi", "en")

# Letters that occur in Vietnamese but not in English text.
VIETNAMESE = re.compile("[ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹđơưăâêôĐƠƯĂÂÊÔ]")


class Page(HTMLParser):
    """What a page loads, links to and shows, outside code and outputs."""

    LOADS: ClassVar = {
        "script": "src",
        "img": "src",
        "iframe": "src",
        "source": "src",
        "audio": "src",
        "video": "src",
        "embed": "src",
        "object": "data",
    }
    LOADED_LINKS: ClassVar = {
        "stylesheet",
        "icon",
        "preload",
        "modulepreload",
        "manifest",
    }
    SKIP_TEXT: ClassVar = {"script", "style", "pre", "code"}

    def __init__(self, path: Path):
        super().__init__()
        self.loads: list[str] = []
        self.links: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self._skip = 0
        self._skip_classes: list[bool] = []
        self.feed(path.read_text(encoding="utf-8"))

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in self.LOADS and attrs.get(self.LOADS[tag]):
            self.loads.append(attrs[self.LOADS[tag]])
        if tag == "link" and attrs.get("href"):
            rel = set((attrs.get("rel") or "").split())
            if rel & self.LOADED_LINKS:
                self.loads.append(attrs["href"])
            else:
                self.links.append((attrs["href"], attrs))
        if tag == "a" and attrs.get("href"):
            self.links.append((attrs["href"], attrs))
        classes = (attrs.get("class") or "").split()
        # Signatures on the reference page ("sig") are code: names, types and
        # the values of constants, such as a figure's bilingual axis labels.
        # A glossary term's tooltip is in the other language on purpose (and
        # says so in its lang attribute): it is not the page's prose.
        skip = tag in self.SKIP_TEXT or bool(
            {
                "cell_output",
                "edition-switch",
                "highlight",
                "glossary-table",
                "glossary-tip",
                "sig",
            }
            & set(classes)
        )
        if tag not in ("meta", "link", "img", "br", "hr", "input"):
            self._skip_classes.append(skip)
            self._skip += skip

    def handle_endtag(self, tag):
        if (
            tag not in ("meta", "link", "img", "br", "hr", "input")
            and self._skip_classes
        ):
            self._skip -= self._skip_classes.pop()

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)

    @property
    def prose(self) -> str:
        """The visible text outside code and outputs, whitespace collapsed."""
        return " ".join(" ".join(self.text).split())


def page(site: Path, language: str, name: str) -> Path:
    return site / language / f"{name}.html"


@pytest.mark.parametrize("language", EDITIONS)
def test_every_page_is_built_in_both_editions(site, language):
    for name in PAGES:
        assert page(site, language, name).is_file(), (language, name)


def test_root_page_leads_to_both_editions_and_the_side_by_side_view(site):
    root = Page(site / "index.html")
    targets = {href for href, _ in root.links}
    assert targets == {"vi/index.html", "en/index.html", "bilingual/index.html"}
    assert all((site / t).is_file() for t in targets)


@pytest.mark.parametrize("language", EDITIONS)
@pytest.mark.parametrize("name", PAGES)
def test_every_page_links_to_itself_in_the_other_edition(site, language, name):
    path = page(site, language, name)
    other = "en" if language == "vi" else "vi"
    switches = [h for h, a in Page(path).links if a.get("hreflang") == other]
    assert switches, f"{path} has no link to the {other} edition"
    target = (path.parent / switches[0]).resolve()
    assert target == page(site, other, name).resolve()


@pytest.mark.parametrize("language", [*EDITIONS, "bilingual"])
def test_nothing_is_loaded_from_outside_the_site(site, language):
    for path in (site / language).rglob("*.html"):
        for url in Page(path).loads:
            parsed = urlparse(url)
            assert not parsed.scheme and not parsed.netloc, f"{path}: {url}"
            local = (path.parent / parsed.path).resolve()
            assert local.is_file(), f"{path} loads a missing file: {url}"
    for css in (site / language / "_static").rglob("*.css"):
        text = css.read_text(encoding="utf-8", errors="replace")
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", text), css
        assert not re.search(r"@import\s+['\"]?(url\()?['\"]?(https?:)?//", text), css


@pytest.mark.parametrize("language", EDITIONS)
def test_math_is_rendered_by_the_sites_own_mathjax(site, language):
    loads = Page(page(site, language, "standardization")).loads
    assert "_static/mathjax/tex-chtml.js" in loads
    fonts = site / language / "_static" / "mathjax" / "output" / "chtml" / "fonts"
    assert any(fonts.rglob("MathJax_Main-Regular.woff"))


def _outputs(path: Path) -> list[str]:
    """Cell outputs as HTML, without alt text (which each edition translates)."""
    html = re.sub(r' alt="[^"]*"', "", path.read_text(encoding="utf-8"))
    return re.findall(r'<div class="cell_output[^"]*">(.*?)</div>\s*</div>', html, re.S)


@pytest.mark.parametrize("name", CHAPTERS)
def test_both_editions_show_the_same_outputs_and_figures(site, name):
    vi, en = (_outputs(page(site, lang, name)) for lang in EDITIONS)
    assert vi and vi == en
    images = re.findall(r'<img[^>]+src="([^"]+\.png)"', "".join(vi))
    assert images, f"{name} shows no figure"
    for src in images:
        vi_file, en_file = (page(site, lang, name).parent / src for lang in EDITIONS)
        assert vi_file.read_bytes() == en_file.read_bytes()


def test_chapter_1_1_shows_its_executed_results(site):
    text = Page(page(site, "en", "standardization")).prose
    outputs = " ".join(_outputs(page(site, "en", "standardization")))
    assert "mean = " in outputs and "std = 1.000000" in outputs
    assert "ValueError: cannot standardize constant data" in outputs
    # Glued numbers reached the translated notes as percentages.
    assert re.search(r"falls from \d+\.\d% to \d+\.\d%", text)


@pytest.mark.parametrize("name", PAGES)
def test_the_english_edition_has_no_untranslated_vietnamese(site, name):
    text = Page(page(site, "en", name)).prose
    found = sorted(set(VIETNAMESE.findall(text)))
    assert not found, f"{name}: Vietnamese letters {found} in: " + " ".join(
        w for w in text.split() if VIETNAMESE.search(w)
    )


def test_equations_speak_the_editions_language(site):
    vi = page(site, "vi", "standardization").read_text(encoding="utf-8")
    en = page(site, "en", "standardization").read_text(encoding="utf-8")
    assert r"\text{nếu } a &gt; 0" in vi or r"\text{nếu } a > 0" in vi
    assert r"\text{if } a &gt; 0" in en or r"\text{if } a > 0" in en


def test_catalogs_hold_exactly_the_current_messages(tmp_path):
    """Every Vietnamese message has an entry, and no entry is stale."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-b",
            "gettext",
            "-q",
            "-W",
            str(DOCS),
            str(tmp_path),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**__import__("os").environ, "LECTURE_LANGUAGE": "vi"},
    )
    assert result.returncode == 0, result.stderr
    # sphinx.pot holds the templates' own labels, English already.
    for pot in sorted(set(tmp_path.glob("*.pot")) - {tmp_path / "sphinx.pot"}):
        with pot.open("rb") as f:
            wanted = {m.id for m in read_po(f) if m.id}
        po = DOCS / "locales" / "en" / "LC_MESSAGES" / f"{pot.stem}.po"
        with po.open("rb") as f:
            have = {m.id for m in read_po(f) if m.id}
        assert wanted - have == set(), (
            f"{po.name}: missing entries (nox -s translations)"
        )
        assert have - wanted == set(), f"{po.name}: stale entries (nox -s translations)"


@pytest.mark.parametrize("name", CHAPTERS)
def test_figures_describe_themselves_in_the_editions_language(site, name):
    alts = {}
    for language in EDITIONS:
        html = page(site, language, name).read_text(encoding="utf-8")
        alts[language] = re.findall(r'<img alt="([^"]*)"', html)
    assert alts["vi"], f"{name} has no figure"
    for vi, en in zip(alts["vi"], alts["en"], strict=True):
        assert len(vi.split()) >= 8 and not vi.endswith(".png"), vi
        assert VIETNAMESE.search(vi), f"Vietnamese alt text expected: {vi}"
        assert not VIETNAMESE.search(en), f"untranslated alt text: {en}"


def test_the_vietnamese_interface_is_vietnamese(site):
    html = page(site, "vi", "standardization").read_text(encoding="utf-8")
    assert "Lên đầu trang" in html and "Chuyển đến nội dung" in html
    english = page(site, "en", "standardization").read_text(encoding="utf-8")
    assert "Back to top" in english and "Skip to content" in english

    script = (site / "vi" / "_static" / "translations.js").read_text(encoding="utf-8")
    data = json.loads(script[script.index("(") + 1 : script.rindex(")")])
    empty = [k for k, v in data["messages"].items() if not v or v == [""]]
    assert empty == [], f"labels that would show as nothing: {empty}"
    assert data["messages"]["Hide Search Matches"] == "Ẩn đánh dấu kết quả tìm kiếm"


# What the theme shows outside the article: labels for screen readers, icon
# tooltips, and the text of the header, sidebars and footer.
LABELS = re.compile(
    r'(?:aria-label|title|placeholder)="([^"]*)"|<title>([^<]*)</title>'
)
# Names, and the link to the English edition, which are the same in Vietnamese.
NOT_TRANSLATED = {"Read in English", "Sphinx", "Furo", "@pradyunsg"}


def english_labels(html: str) -> list[str]:
    """Labels and interface text of a page that have no Vietnamese letter."""
    # Links to pages and sections are the lecture's titles, not the theme's;
    # code (in a title) is a name.
    content = (
        r"<article.*?</article>|<script.*?</script>|<a class=\"reference.*?</a>"
        r"|<code.*?</code>"
    )
    outside = re.sub(content, "", html, flags=re.S)
    texts = [a or b for a, b in LABELS.findall(outside)]
    texts += re.sub(r"<style.*?</style>|<[^>]+>", "\n", outside, flags=re.S).split("\n")
    return sorted(
        {
            text.strip()
            for text in texts
            if re.search("[A-Za-z]{2}", text)
            and not VIETNAMESE.search(text)
            and text.strip() not in NOT_TRANSLATED
            and not text.strip().startswith("&#")
        }
    )


@pytest.mark.parametrize("name", [*PAGES, "search", "genindex"])
def test_the_theme_speaks_vietnamese_on_every_vietnamese_page(site, name):
    html = page(site, "vi", name).read_text(encoding="utf-8")
    assert english_labels(html) == []
    assert "Furo</a> của" in html  # the footer's credit, in Vietnamese word order


def test_english_label_check_catches_planted_defects():
    html = (
        '<nav aria-label="Điều hướng"><svg><title>Dark mode</title></svg>'
        '<button title="Toggle">x</button><p>Made with Sphinx</p></nav>'
        "<article><p>ReLU and BatchNorm</p></article>"
        '<a class="reference internal" href="#x">He Initialization</a>'
        '<div class="title">Tra cứu <code>snippets</code></div>'
    )
    assert english_labels(html) == ["Dark mode", "Made with Sphinx", "Toggle"]


def test_the_english_theme_keeps_the_labels_the_vietnamese_one_translates(site):
    """Every label interface.py translates is still one furo writes: a theme
    update that renames a label would otherwise leave it in English."""
    import interface

    html = page(site, "en", "standardization").read_text(encoding="utf-8")
    shown = {a or b for a, b in LABELS.findall(html)}
    on_read_the_docs_only = {"On Read the Docs", "On GitHub"}
    assert set(interface.THEME_LABELS) - on_read_the_docs_only <= shown


def broken_links(site: Path) -> list[str]:
    """Links between the site's own pages whose file or anchor is missing."""
    ids: dict[Path, set[str]] = {}

    def anchors(path: Path) -> set[str]:
        if path not in ids:
            html = path.read_text(encoding="utf-8")
            ids[path] = set(re.findall(r'\sid="([^"]+)"', html))
        return ids[path]

    broken = []
    for path in sorted(site.rglob("*.html")):
        for href, _ in Page(path).links:
            parsed = urlparse(href)
            if parsed.scheme or parsed.netloc or href.startswith("javascript:"):
                continue  # outside links are not fetched in tests
            target = (path.parent / parsed.path).resolve() if parsed.path else path
            if target.is_dir():
                target = target / "index.html"
            where = f"{path.relative_to(site)} -> {href}"
            if not target.is_file():
                broken.append(f"{where}: no such file")
            elif (
                parsed.fragment
                and target.suffix == ".html"
                and parsed.fragment not in anchors(target)
            ):
                broken.append(f"{where}: no such anchor")
    return broken


def test_no_link_between_the_sites_pages_is_broken(site):
    assert broken_links(site) == []


def test_link_check_catches_planted_defects(tmp_path):
    (tmp_path / "a.html").write_text(
        '<p id="here"><a href="b.html">b</a> <a href="#here">ok</a> '
        '<a href="#gone">x</a> <a href="a.html#here">ok</a> '
        '<a href="https://example.invalid/">outside</a></p>',
        encoding="utf-8",
    )
    assert broken_links(tmp_path) == [
        "a.html -> b.html: no such file",
        "a.html -> #gone: no such anchor",
    ]
