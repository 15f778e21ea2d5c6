"""Which pages a snippets edit re-executes."""

import snippet_cache


def test_imports_are_found_in_every_form():
    code = (
        "from snippets.data import load_digits\n"
        "import snippets.training as t\n"
        "from snippets import plotting\n"
        "x = 'from snippets.fake import nothing'\n"
    )
    assert snippet_cache.imported_modules(code) == {"data", "training", "__init__"}


def _package(tmp_path, modules: dict[str, str]):
    root = tmp_path / "snippets"
    root.mkdir()
    for name, source in modules.items():
        (root / f"{name}.py").write_text(source)
    return root


def test_digests_follow_imports_between_modules(tmp_path):
    root = _package(
        tmp_path,
        {
            "__init__": "",
            "page_module": "from snippets.helper import f\n",
            "helper": "import snippets.base\n",
            "base": "X = 1\n",
            "unrelated": "Y = 2\n",
        },
    )
    digests = snippet_cache.dependency_digests(root, {"page_module"})
    assert set(digests) == {"__init__", "page_module", "helper", "base"}


def test_editing_a_dependency_changes_the_digest(tmp_path):
    root = _package(tmp_path, {"__init__": "", "a": "import snippets.b\n", "b": "1\n"})
    before = snippet_cache.dependency_digests(root, {"a"})
    (root / "b.py").write_text("2\n")
    after = snippet_cache.dependency_digests(root, {"a"})
    assert before["a"] == after["a"]
    assert before["b"] != after["b"]


def test_a_page_without_snippets_has_no_digest(tmp_path):
    root = _package(tmp_path, {"__init__": ""})
    assert snippet_cache.dependency_digests(root, set()) == {}
