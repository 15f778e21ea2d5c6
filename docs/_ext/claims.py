"""The audit page: every technical claim of the lecture, with its verdict.

The claims live in ``docs/claims/<page>.toml`` (format in the README there),
in both languages, so the table is generated in the edition's language and
stays out of the catalogs. Each row links to the place on the site that shows
the evidence; a missing label fails the build like any broken reference.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

VERDICTS = {
    "correct": {"vi": "đúng", "en": "correct"},
    "imprecise": {"vi": "chưa chính xác", "en": "imprecise"},
    "wrong": {"vi": "sai", "en": "wrong"},
}
HEADERS = {
    "vi": ("Mục", "Nhận định của bài giảng", "Kết luận", "Vì sao", "Bằng chứng"),
    "en": ("Section", "The lecture's claim", "Verdict", "Why", "Evidence"),
}
SEE = {"vi": "xem", "en": "see"}
SOURCES = {"vi": "Nguồn", "en": "Sources"}
REQUIRED = ("id", "section", "vi", "en", "verdict", "evidence", "why_vi", "why_en")


@dataclass(frozen=True)
class Claim:
    id: str
    section: str
    text: dict[str, str]
    verdict: str
    evidence: str
    why: dict[str, str]
    sources: tuple[str, ...]


def load_claims(folder: Path) -> list[Claim]:
    """All claims, in the lecture's order, checked for the required fields."""
    claims = [
        c for path in sorted(folder.glob("*.toml")) for c in load_claims_file(path)
    ]
    ids = [c.id for c in claims]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ValueError(f"claim ids must be unique; repeated: {', '.join(duplicates)}")
    # Stable sort: sections in numeric order, claims in file order within each.
    return sorted(claims, key=lambda c: tuple(int(p) for p in c.section.split(".")))


def load_claims_file(path: Path) -> list[Claim]:
    """The claims of one chapter's file, in file order."""
    claims: list[Claim] = []
    with path.open("rb") as f:
        entries = tomllib.load(f).get("claim", [])
    for number, entry in enumerate(entries, start=1):
        missing = [key for key in REQUIRED if not str(entry.get(key, "")).strip()]
        if missing:
            raise ValueError(
                f"{path.name}: claim {number} lacks {', '.join(missing)}; "
                f"every claim needs {', '.join(REQUIRED)}"
            )
        if entry["verdict"] not in VERDICTS:
            raise ValueError(
                f"{path.name}: claim {entry['id']!r} has verdict "
                f"{entry['verdict']!r}; accepted: {', '.join(VERDICTS)}"
            )
        claims.append(
            Claim(
                id=entry["id"],
                section=entry["section"],
                text={"vi": entry["vi"], "en": entry["en"]},
                verdict=entry["verdict"],
                evidence=entry["evidence"],
                why={"vi": entry["why_vi"], "en": entry["why_en"]},
                sources=tuple(entry.get("sources", ())),
            )
        )
    return claims


def _cell(text: str) -> str:
    """Table cells hold one line: join lines, keep Markdown inline markup."""
    return " ".join(text.split())


def claims_table(claims: list[Claim], language: str) -> str:
    """The audit as a MyST list-table, in ``language``."""
    lines = [
        "```{list-table}",
        ":header-rows: 1",
        ":widths: 6 30 10 40 14",
        ":class: claims-audit",
        "",
        "* - " + "\n  - ".join(HEADERS[language]),
    ]
    for claim in claims:
        why = _cell(claim.why[language])
        if claim.sources:
            why += (
                f" {SOURCES[language]}: " + "; ".join(map(_cell, claim.sources)) + "."
            )
        lines.append(
            f"* - {claim.section}\n"
            f"  - {_cell(claim.text[language])}\n"
            f"  - **{VERDICTS[claim.verdict][language]}**\n"
            f"  - {why}\n"
            f"  - {{ref}}`{SEE[language]} <{claim.evidence}>`"
        )
    lines.append("```")
    return "\n".join(lines)


def summary(claims: list[Claim], language: str) -> str:
    """One sentence counting the verdicts."""
    counts = {v: sum(c.verdict == v for c in claims) for v in VERDICTS}
    parts = ", ".join(f"{n} {VERDICTS[v][language]}" for v, n in counts.items())
    if language == "vi":
        return f"Tổng cộng {len(claims)} nhận định: {parts}."
    return f"{len(claims)} claims in all: {parts}."


class ClaimsAudit(SphinxDirective):
    """``{claims-audit}``: the table of every claim, in the edition's language."""

    def run(self) -> list[nodes.Node]:
        folder = Path(self.env.srcdir) / "claims"
        for path in folder.glob("*.toml"):
            self.env.note_dependency(str(path))
        language = self.config.language
        try:
            claims = load_claims(folder)
        except ValueError as err:
            raise self.error(str(err)) from None
        text = summary(claims, language) + "\n\n" + claims_table(claims, language)
        result = self.parse_text_to_nodes(text)
        # Generated in the edition's language: nothing here goes to a catalog.
        for root in result:
            for node in root.findall(nodes.TextElement):
                node["translatable"] = False
        return result


def setup(app: Sphinx) -> dict:
    app.add_directive("claims-audit", ClaimsAudit)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
