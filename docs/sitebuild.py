"""Build the site's editions into ``_build/html``, all or nothing.

    python docs/sitebuild.py [--language vi en bilingual] [--output _build/html]

Each edition is built by ``sphinx-build`` with warnings as errors into a
staging folder; only when every edition succeeds does the staging folder
replace the published one. A failed build leaves the previous site as it was.
The Vietnamese edition executes the notebooks (through the shared cache), so
the English edition and the side-by-side view (``bilingual``, Vietnamese and
English paragraph by paragraph), built after it, execute nothing. When nothing the site
is built from has changed (sources, snippets, tool versions), the build does
nothing at all (``--force`` builds anyway).

Each build writes every page into an empty staging folder: starting from a
copy of the published site would save about a second per edition, but Sphinx
then links some stylesheets differently (``?v=`` checksums on the search and
index pages), and the site would no longer match a clean build byte for byte.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path
from string import Template

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
BUILD = ROOT / "_build"
CACHE = BUILD / ".jupyter_cache"
EDITIONS = ("vi", "en", "bilingual")

ROOT_TEMPLATE = DOCS / "_templates" / "site-root.html"
NOT_FOUND_PAGE = DOCS / "_templates" / "site-404.html"
EDITION_LINKS = {
    "vi": '<li><a href="vi/index.html" hreflang="vi">Đọc bằng tiếng Việt</a></li>',
    "en": '<li lang="en"><a href="en/index.html" hreflang="en">Read in English</a>'
    "</li>",
    "bilingual": '<li><a href="bilingual/index.html">Song ngữ Việt - Anh · '
    '<span lang="en">Vietnamese and English side by side</span></a></li>',
}


class BuildError(RuntimeError):
    """An edition failed to build; the message names it."""


REPORT = BUILD / "execution-report.json"
# Seconds each edition took in the last build, for the benchmark.
SECONDS = BUILD / "edition-seconds.json"
STAMP = BUILD / "site-inputs.sha256"
# Installed tools whose version changes what the build produces.
TOOLS = (
    "sphinx",
    "myst-nb",
    "furo",
    "jupyter-cache",
    "torch",
    "numpy",
    "matplotlib",
    "scikit-learn",
    "django-static-mathjax",
    "docutils",
)
IGNORED_SUFFIXES = {".mo", ".pyc"}


def _read(path: Path) -> str | None:
    return path.read_text(encoding="utf-8") if path.is_file() else None


def prepare_cache() -> None:
    """Create the execution cache's database before a parallel build.

    Two processes that find no database both try to create it, and one fails
    with ``table settings already exists``.
    """
    from jupyter_cache import get_cache

    get_cache(str(CACHE)).get_cache_limit()


def cached_notebooks() -> dict[int, str]:
    """Every executed notebook in the cache: record id -> page source path."""
    from jupyter_cache import get_cache

    return {r.pk: r.uri for r in get_cache(str(CACHE)).list_cache_records()}


def page_name(uri: str) -> str:
    """``/.../docs/dying-relu.md`` -> ``dying-relu``."""
    path = Path(uri)
    if path.is_relative_to(DOCS):
        path = path.relative_to(DOCS)
    return path.with_suffix("").as_posix()


def build_edition(
    language: str, outdir: Path, builder: str = "html", jobs: str = "auto"
) -> None:
    """Run sphinx-build for one edition, with every warning an error."""
    doctrees = BUILD / "doctrees" / f"{builder}-{language}"
    command = [
        sys.executable,
        "-m",
        "sphinx",
        "-b",
        builder,
        "-W",
        "--keep-going",
        "-n",
        "-q",
        "-j",
        jobs,
        "-d",
        str(doctrees),
        str(DOCS),
        str(outdir),
    ]
    env = {**os.environ, "LECTURE_LANGUAGE": language}
    if subprocess.run(command, env=env, cwd=ROOT).returncode != 0:
        # Sphinx saved the environment before counting warnings as errors, so
        # an unchanged page would not be read, nor warn, next time.
        shutil.rmtree(doctrees, ignore_errors=True)
        raise BuildError(
            f"the {language} edition failed to build ({builder}); "
            "the messages above name the page and the cell"
        )


def inputs_digest(languages: tuple[str, ...], output: Path) -> str:
    """A digest of everything a build reads: the sources, the snippets, the
    versions of the tools, and what was asked for."""
    digest = hashlib.sha256()
    for name in TOOLS:
        digest.update(f"{name}={metadata.version(name)}\n".encode())
    digest.update(f"{sys.version}|{languages}|{output}\n".encode())
    files = [p for folder in (DOCS, ROOT / "snippets") for p in folder.rglob("*")]
    for path in sorted(files):
        if path.is_file() and path.suffix not in IGNORED_SUFFIXES:
            digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()


def build_site(
    output: Path, languages: tuple[str, ...] = EDITIONS, force: bool = False
) -> None:
    """Build the editions into a staging folder, then publish it at ``output``.

    When nothing the build reads has changed since the site at ``output`` was
    built, nothing is done (``force`` builds anyway).
    """
    unknown = [code for code in languages if code not in EDITIONS]
    if unknown or not languages:
        raise BuildError(
            f"unknown edition(s) {unknown or languages!r}; accepted: "
            f"{', '.join(EDITIONS)}"
        )
    BUILD.mkdir(exist_ok=True)
    output = output.resolve()
    digest = inputs_digest(languages, output)
    if not force and output.is_dir() and _read(STAMP) == digest:
        REPORT.write_text(json.dumps({code: [] for code in languages}) + "\n", "utf-8")
        print("the site is up to date: nothing it is built from has changed")
        return
    prepare_cache()
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=output.parent))
    STAMP.unlink(missing_ok=True)
    executed: dict[str, list[str]] = {}
    seconds: dict[str, float] = {}
    try:
        for language in languages:
            before = cached_notebooks()
            start = time.perf_counter()
            build_edition(language, staging / language)
            seconds[language] = round(time.perf_counter() - start, 2)
            after = cached_notebooks()
            executed[language] = sorted(
                page_name(uri) for pk, uri in after.items() if pk not in before
            )
            print(describe_execution(language, executed[language]))
        links = "\n".join(EDITION_LINKS[code] for code in languages)
        root_page = Template(ROOT_TEMPLATE.read_text(encoding="utf-8"))
        (staging / "index.html").write_text(
            root_page.substitute(links=links), encoding="utf-8"
        )
        shutil.copyfile(NOT_FOUND_PAGE, staging / "404.html")
        (staging / ".nojekyll").touch()
        # myst-nb's scratch folder for outputs; pages load copies in _images.
        shutil.rmtree(staging / "jupyter_execute", ignore_errors=True)
        publish(staging, output)
        REPORT.write_text(json.dumps(executed, indent=2) + "\n", encoding="utf-8")
        SECONDS.write_text(json.dumps(seconds, indent=2) + "\n", encoding="utf-8")
        STAMP.write_text(digest, encoding="utf-8")
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def describe_execution(language: str, pages: list[str]) -> str:
    """One line for the terminal: which notebooks an edition executed."""
    if not pages:
        return f"{language}: executed nothing (every page came from the cache)"
    return f"{language}: executed {len(pages)} notebook(s): {', '.join(pages)}"


def publish(staging: Path, output: Path) -> None:
    """Swap the finished staging folder in place of ``output``."""
    retired = output.with_name(output.name + ".old")
    shutil.rmtree(retired, ignore_errors=True)
    if output.exists():
        output.rename(retired)
    staging.rename(output)
    shutil.rmtree(retired, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--language",
        nargs="+",
        default=list(EDITIONS),
        choices=EDITIONS,
        help="editions to build, in order",
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=BUILD / "html",
        help="where the finished site goes (default: _build/html)",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="build even if nothing the site is built from has changed",
    )
    args = parser.parse_args(argv)
    try:
        build_site(args.output, tuple(args.language), force=args.force)
    except BuildError as err:
        print(f"error: {err}; the previous site was left as it was", file=sys.stderr)
        return 1
    print(f"site built: {args.output / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
