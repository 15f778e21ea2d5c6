"""The Vietnamese interface: the theme's hard-coded labels."""

import logging
from types import SimpleNamespace

import interface


def fake_app(language: str) -> SimpleNamespace:
    templates = SimpleNamespace(render=lambda template, context: context["html"])
    return SimpleNamespace(
        builder=SimpleNamespace(format="html", templates=templates),
        config=SimpleNamespace(language=language),
    )


def test_rendered_pages_get_the_translated_labels(monkeypatch):
    monkeypatch.setattr(
        interface, "get_translation", lambda catalog: lambda text: f"[{text}]"
    )
    app = fake_app("vi")
    interface.localize_theme(app)
    html = app.builder.templates.render("page.html", {"html": '<b aria-label="Menu">'})
    assert html == '<b aria-label="[Menu]">'


def test_a_label_without_translation_fails_the_build(monkeypatch, caplog):
    monkeypatch.setattr(interface, "get_translation", lambda catalog: lambda text: text)
    with caplog.at_level(logging.WARNING):
        interface.localize_theme(fake_app("vi"))
    missing = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(missing) == len(interface.THEME_LABELS)
    assert "'Dark mode' has no vi translation" in " ".join(missing)


def test_the_english_edition_keeps_the_theme_as_it_is(monkeypatch):
    monkeypatch.setattr(interface, "get_translation", lambda catalog: str.upper)
    app = fake_app("en")
    interface.localize_theme(app)
    html = app.builder.templates.render("page.html", {"html": "<title>Menu</title>"})
    assert html == "<title>Menu</title>"
