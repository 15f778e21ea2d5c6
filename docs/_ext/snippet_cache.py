"""Re-execute a page when a ``snippets`` module it imports changes.

jupyter-cache keys an executed notebook on its code cells only, so a page whose
cells stay the same keeps serving old outputs after a snippets module is
edited. This extension appends one hidden code cell to every notebook page,
holding a digest of each snippets module the page imports (directly or through
other snippets modules). Editing such a module changes the cell, hence the
cache key, and the page runs again; a page that does not import the module
keeps its cache entry. Editing prose changes no code cell and runs nothing.

It also tells Sphinx to re-read such a page, since its source file did not
change.
"""

from __future__ import annotations

import ast
import hashlib
import re
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

PACKAGE = "snippets"
_IMPORT = re.compile(rf"^\s*(?:from|import)\s+{PACKAGE}(?:\.(\w+))?", re.MULTILINE)
_CODE_CELL = re.compile(r"^```\{code-cell\}.*?\n(.*?)^```", re.MULTILINE | re.DOTALL)


def package_dir(app: Sphinx) -> Path:
    """The snippets package, one level above the documentation sources."""
    return Path(app.srcdir).parent / PACKAGE


def imported_modules(code: str) -> set[str]:
    """Snippets modules named by import lines in ``code`` (``__init__`` for
    the package itself)."""
    return {match.group(1) or "__init__" for match in _IMPORT.finditer(code)}


def _module_imports(path: Path) -> set[str]:
    """Snippets modules that the module at ``path`` imports."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            parts = node.module.split(".")
            if parts[0] == PACKAGE:
                found.add(parts[1] if len(parts) > 1 else "__init__")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == PACKAGE:
                    found.add(parts[1] if len(parts) > 1 else "__init__")
    return found


def dependency_digests(root: Path, modules: set[str]) -> dict[str, str]:
    """Digest of every module in ``modules`` and of all they import, by name."""
    digests: dict[str, str] = {}
    pending = set(modules) | ({"__init__"} if modules else set())
    while pending:
        name = pending.pop()
        if name in digests:
            continue
        path = root / f"{name}.py"
        if not path.is_file():
            # A subpackage or a missing module: the import itself will fail
            # loudly when the page executes, naming the module.
            digests[name] = "missing"
            continue
        digests[name] = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
        pending |= _module_imports(path) - digests.keys()
    return dict(sorted(digests.items()))


def _page_digests(app: Sphinx, source: str) -> dict[str, str]:
    code = "\n".join(match.group(1) for match in _CODE_CELL.finditer(source))
    return dependency_digests(package_dir(app), imported_modules(code))


def _hidden_cell(digests: dict[str, str]) -> str:
    lines = "\n".join(f"# {name}: {digest}" for name, digest in digests.items())
    return (
        "\n\n```{code-cell} ipython3\n:tags: [remove-cell]\n\n"
        "# Added by the build: the snippets modules this page runs, so that\n"
        "# editing one of them re-executes the page.\n"
        f"{lines}\n```\n"
    )


def on_source_read(app: Sphinx, docname: str, content: list[str]) -> None:
    source = content[0]
    if "file_format: mystnb" not in source:
        return
    digests = _page_digests(app, source)
    app.env.snippet_digests[docname] = digests
    if digests:
        content[0] = source + _hidden_cell(digests)


def on_get_outdated(
    app: Sphinx, env: BuildEnvironment, added, changed, removed
) -> list[str]:
    """Pages whose snippets changed since they were read, to be read again."""
    stale = []
    for docname, recorded in env.snippet_digests.items():
        if docname in changed or docname in removed:
            continue
        path = Path(env.doc2path(docname))
        current = _page_digests(app, path.read_text(encoding="utf-8"))
        if current != recorded:
            stale.append(docname)
    return stale


def on_env_init(app: Sphinx, env: BuildEnvironment, *args) -> None:
    if not hasattr(env, "snippet_digests"):
        env.snippet_digests = {}


def on_purge_doc(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    env.snippet_digests.pop(docname, None)


def on_merge_info(app, env, docnames, other) -> None:
    for docname in docnames:
        if docname in other.snippet_digests:
            env.snippet_digests[docname] = other.snippet_digests[docname]


def setup(app: Sphinx) -> dict:
    app.connect("env-before-read-docs", on_env_init, priority=100)
    app.connect("env-get-outdated", on_get_outdated)
    app.connect("env-purge-doc", on_purge_doc)
    app.connect("env-merge-info", on_merge_info)
    app.connect("source-read", on_source_read)
    app.connect("builder-inited", lambda app: on_env_init(app, app.env))
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
