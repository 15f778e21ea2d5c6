"""What a maintainer needs to publish the site: the workflow and Read the
Docs build with the project's own nox session and publish _build/html."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def test_the_pages_workflow_builds_with_nox_and_publishes_the_site():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "site.yml").read_text())
    steps = workflow["jobs"]["build"]["steps"]
    commands = [step.get("run", "") for step in steps]
    assert "nox -s docs" in commands
    upload = next(s for s in steps if "upload-pages-artifact" in s.get("uses", ""))
    assert upload["with"]["path"] == "_build/html"
    assert workflow["jobs"]["deploy"]["needs"] == "build"


def test_read_the_docs_builds_with_nox_and_publishes_the_site():
    config = yaml.safe_load((ROOT / ".readthedocs.yaml").read_text())
    assert config["version"] == 2
    assert config["build"]["tools"]["python"] == "3.11"
    commands = config["build"]["commands"]
    assert any(c.endswith("nox -s docs") for c in commands)
    assert "cp -r _build/html/. $READTHEDOCS_OUTPUT/html/" in commands


def test_the_site_has_a_bilingual_not_found_page(site):
    page = (site / "404.html").read_text(encoding="utf-8")
    assert "Không tìm thấy trang" in page and "Page not found" in page
