"""The project stands on its own: its code, comments and docs point only at files inside it."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIP = {".git", ".venv", ".tools", "build", "dist", "demo-campaign", "_work", "__pycache__",
        ".pytest_cache", ".ruff_cache", ".hypothesis"}
TEXT = {".py", ".md", ".txt", ".toml", ".cfg", ".ini", ".yml", ".yaml"}
# Design notes that lived beside the project once, and the folder that held them.
OUTSIDE = re.compile(r"\.\./shared|/wor[k]/|\b(DESIGN|STYLE|PERFORMANCE)\.md\b")


def project_text_files():
    for path in sorted(ROOT.rglob("*")):
        parts = set(path.relative_to(ROOT).parts)
        if parts & SKIP or any(p.endswith(".egg-info") for p in parts) or not path.is_file():
            continue
        if path.suffix in TEXT or path.name in ("Makefile", "run"):
            yield path


def test_nothing_points_outside_the_project():
    found = []
    for path in project_text_files():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if OUTSIDE.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert found == []


def test_the_docs_links_lead_to_files_that_exist():
    for page in [ROOT / "README.md", ROOT / "CONTRIBUTING.md", *sorted((ROOT / "docs").glob("*.md"))]:
        for target in re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", page.read_text(encoding="utf-8")):
            assert "://" not in target, f"{page.name} links outside the project: {target}"
            assert (page.parent / target).exists(), f"{page.name}: {target} does not exist"
