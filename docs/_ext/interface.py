"""The Vietnamese interface: the theme's labels and the browser's scripts.

The theme (furo) writes some labels without gettext: the names of its
buttons for screen readers ("Toggle site navigation sidebar") and the
tooltips of its icons ("Dark mode"). In every edition but English, each page
is rendered and then these labels, found as whole attribute values or icon
titles, are replaced from the project's ``sphinx.po``; the build fails when
one has no translation. The footer's "@pradyunsg's Furo" is turned into the
Vietnamese word order, "Furo của @pradyunsg".

Sphinx copies its own ``translations.js`` for Vietnamese, in which many
labels are empty strings ("Hide Search Matches", "Search Results", ...); the
search scripts then show nothing at all where a label belongs. After the
build, this extension rewrites ``_static/translations.js`` from Sphinx's
catalog overlaid with the project's ``locales/vi/LC_MESSAGES/sphinx.po``,
leaving out every label that is still untranslated, so that it falls back to
English instead of to nothing.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from babel.messages.pofile import read_po
from sphinx.application import Sphinx
from sphinx.locale import __file__ as _sphinx_locale
from sphinx.locale import get_translation
from sphinx.util import logging

logger = logging.getLogger(__name__)

SPHINX_LOCALES = Path(_sphinx_locale).parent


def _messages(po_path: Path) -> dict[str, str | list[str]]:
    """Translated entries of a catalog: msgid -> msgstr (a list if plural)."""
    if not po_path.is_file():
        return {}
    with po_path.open("rb") as f:
        catalog = read_po(f)
    found: dict[str, str | list[str]] = {}
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        if isinstance(message.id, tuple):
            forms = list(message.string)
            if all(forms):
                found[message.id[0]] = forms
        elif message.string:
            found[message.id] = message.string
    return found


def translations_js(language: str, project_locales: Path) -> str:
    """The body of ``translations.js`` for ``language``."""
    builtin = SPHINX_LOCALES / language / "LC_MESSAGES" / "sphinx.js"
    keys: set[str] = set()
    plural_expr = "0"
    if builtin.is_file():
        text = builtin.read_text(encoding="utf-8")
        data = json.loads(text[text.index("(") + 1 : text.rindex(")")])
        keys = set(data["messages"])
        plural_expr = data.get("plural_expr", plural_expr)
    merged = _messages(SPHINX_LOCALES / language / "LC_MESSAGES" / "sphinx.po")
    merged.update(_messages(project_locales / language / "LC_MESSAGES" / "sphinx.po"))
    # Every label the scripts know, plus those the project translates itself.
    messages = {k: merged[k] for k in sorted(keys | set(merged)) if k in merged}
    payload = {"messages": messages, "plural_expr": plural_expr, "locale": language}
    return "Documentation.addTranslations(" + json.dumps(payload, indent=2) + ");\n"


#: The copy button's labels, which sphinx-copybutton has in no Vietnamese.
COPYBUTTON_VI = """  'vi': {
    'copy': 'Sao chép',
    'copy_to_clipboard': 'Sao chép vào bộ nhớ tạm',
    'copy_success': 'Đã sao chép!',
    'copy_failure': 'Không sao chép được',
  },
"""


def add_copybutton_labels(script: Path) -> None:
    """Give the copy button Vietnamese labels (its messages table is the
    first thing in its script, and is read as soon as it loads)."""
    text = script.read_text(encoding="utf-8")
    marker = "const messages = {\n"
    if marker not in text:
        raise RuntimeError(f"{script.name} changed: no {marker.strip()!r} to extend")
    if "'vi': {" not in text:
        script.write_text(text.replace(marker, marker + COPYBUTTON_VI, 1), "utf-8")


def write_translations(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    if app.config.language in (None, "en"):
        return
    static = Path(app.outdir) / "_static"
    locales = Path(app.srcdir) / app.config.locale_dirs[0]
    (static / "translations.js").write_text(
        translations_js(app.config.language, locales), encoding="utf-8"
    )
    if app.config.language == "vi" and (static / "copybutton.js").is_file():
        add_copybutton_labels(static / "copybutton.js")


#: The labels furo writes without gettext, as aria-label values or icon titles.
THEME_LABELS = (
    "Toggle site navigation sidebar",
    "Toggle table of contents sidebar",
    "Toggle Light / Dark / Auto color theme",
    "On Read the Docs",
    "On GitHub",
    "Contents",
    "Menu",
    "Expand",
    "Light mode",
    "Dark mode",
    "Auto light/dark, in light mode",
    "Auto light/dark, in dark mode",
)

# The footer's credit, "@pradyunsg's Furo", as furo lays it out.
_FURO_CREDIT = re.compile(
    r'(<a class="muted-link" href="https://pradyunsg.me">@pradyunsg</a>)\'s\s*'
    r'(<a href="https://github.com/pradyunsg/furo">Furo</a>)'
)


def localize_labels(html: str, labels: dict[str, str], possessive: str) -> str:
    """Replace the theme's labels in a rendered page; ``possessive`` is the
    footer's "Furo of @pradyunsg" with ``{furo}`` and ``{author}`` slots.

    >>> localize_labels('<button aria-label="Menu"><title>Menu</title>',
    ...                 {"Menu": "Trình đơn"}, "{furo} của {author}")
    '<button aria-label="Trình đơn"><title>Trình đơn</title>'
    """
    for label, translation in labels.items():
        html = html.replace(f'aria-label="{label}"', f'aria-label="{translation}"')
        html = html.replace(f"<title>{label}</title>", f"<title>{translation}</title>")
    return _FURO_CREDIT.sub(
        lambda m: possessive.format(author=m.group(1), furo=m.group(2)), html
    )


def localize_theme(app: Sphinx) -> None:
    """Render every page of a non-English edition with translated theme labels."""
    if app.builder.format != "html" or app.config.language in (None, "en"):
        return
    translate = get_translation("sphinx")
    labels = {label: translate(label) for label in THEME_LABELS}
    for label in [label for label, text in labels.items() if text == label]:
        logger.warning(
            "the theme's label %r has no %s translation: add it to "
            "docs/locales/%s/LC_MESSAGES/sphinx.po",
            label,
            app.config.language,
            app.config.language,
        )
    # Translators write the possessive in their own word order.
    possessive = translate("{author}'s {furo}")
    render = app.builder.templates.render

    def render_localized(template: str, context: dict) -> str:
        return localize_labels(render(template, context), labels, possessive)

    app.builder.templates.render = render_localized


def setup(app: Sphinx) -> dict:
    app.connect("builder-inited", localize_theme)
    app.connect("build-finished", write_translations)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
