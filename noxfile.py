"""Sessions for building, testing and translating the MLP-insights site.

``nox -l`` lists them; ``nox -s docs`` builds the site into ``_build/html``.
"""

import os
import shutil
from pathlib import Path

import nox

ROOT = Path(__file__).resolve().parent
PYTHON = "3.11"

nox.options.default_venv_backend = "venv"
nox.options.reuse_venv = "yes"
nox.options.sessions = ["lint", "tests"]


# -- Helpers -----------------------------------------------------------------


def install(session: nox.Session, *extras: str) -> None:
    """Install the project with ``extras`` into the session's virtualenv."""
    spec = f".[{','.join(extras)}]" if extras else "."
    session.install("-e", spec)


def build_site(session: nox.Session) -> None:
    session.run("python", "docs/sitebuild.py", *session.posargs)


# -- Sessions ----------------------------------------------------------------


@nox.session(python=PYTHON)
def docs(session: nox.Session) -> None:
    """Build the site into _build/html: Vietnamese, English, then side by side."""
    install(session, "docs")
    build_site(session)


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """Run every test: snippets, their doctests, page doctests, the built site."""
    install(session, "docs", "test")
    # The tests build the site first (tests/conftest.py), from the cache.
    session.run("pytest", *session.posargs)
    _page_doctests(session)


@nox.session(python=PYTHON)
def doctest(session: nox.Session) -> None:
    """Run the doctests: snippets' docstrings and {doctest} blocks on pages."""
    install(session, "docs", "test")
    session.run("pytest", "--doctest-modules", "snippets", "docs/_ext")
    _page_doctests(session)


def _page_doctests(session: nox.Session) -> None:
    for language in ("vi", "en"):
        session.run(
            "sphinx-build",
            "-b",
            "doctest",
            "-W",
            "--keep-going",
            "-q",
            "-d",
            f"_build/doctrees/doctest-{language}",
            "docs",
            f"_build/doctest/{language}",
            env={"LECTURE_LANGUAGE": language},
        )


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """Check code style and formatting with ruff."""
    session.install("ruff==0.17.6")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session(python=PYTHON)
def serve(session: nox.Session) -> None:
    """Preview one edition live on http://127.0.0.1:8000, rebuilding on save."""
    install(session, "docs")
    session.install("sphinx-autobuild>=2024.10")
    language = os.environ.get("LECTURE_LANGUAGE", "vi")
    session.run(
        "sphinx-autobuild",
        "docs",
        f"_build/serve/{language}",
        "-d",
        f"_build/doctrees/serve-{language}",
        "--watch",
        "snippets",
        "--port",
        "8000",
        env={"LECTURE_LANGUAGE": language},
    )


@nox.session(python=PYTHON)
def bench(session: nox.Session) -> None:
    """Measure build times, cache behaviour and page weight; print a table."""
    install(session, "docs", "test")
    session.run("python", "docs/benchmark.py", *session.posargs)


@nox.session(python=PYTHON)
def translations(session: nox.Session) -> None:
    """Refresh the English catalogs from the Vietnamese pages (sphinx-intl)."""
    install(session, "docs")
    gettext = ROOT / "_build" / "gettext"
    shutil.rmtree(gettext, ignore_errors=True)
    session.run(
        "sphinx-build",
        "-b",
        "gettext",
        "-q",
        "docs",
        str(gettext),
        env={"LECTURE_LANGUAGE": "vi"},
    )
    # The interface's own labels (templates) are English already; their
    # Vietnamese lives in docs/locales/vi/LC_MESSAGES/sphinx.po.
    (gettext / "sphinx.pot").unlink(missing_ok=True)
    session.run(
        "sphinx-intl",
        "update",
        "-p",
        str(gettext),
        "-l",
        "en",
        "-d",
        "docs/locales",
        "-w",
        "79",
    )
