"""The README and docs/: figures rendered from benchmarks/results/*.json and current, links
that resolve, and a README that stays a front door."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import render_figures  # noqa: E402

PAGES = (
    ROOT / "README.md",
    *sorted((ROOT / "docs").glob("*.md")),
    *sorted((ROOT / "integrations").glob("*/README.md")),
)
LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)")
FENCE = re.compile(r"^```.*?^```", re.DOTALL | re.MULTILINE)


def test_every_figure_is_current_and_rendered_from_its_results() -> None:
    assert render_figures.stale() == [], "run: python benchmarks/render_figures.py"


def test_a_changed_number_in_a_figure_is_caught(tmp_path: Path) -> None:
    page = ROOT / "docs" / "hacks.md"
    text = page.read_text(encoding="utf-8")
    block = next(m for m in render_figures.blocks(text) if m["name"] == "hacks.families")
    body = block["body"]
    digit = re.search(r"\d\.\d\d", body)
    assert digit is not None and not body.startswith("*Not measured")
    wrong = (
        body[: digit.start()] + str((int(body[digit.start()]) + 1) % 10) + body[digit.start() + 1 :]
    )
    edited = tmp_path / "hacks.md"
    edited.write_text(text.replace(body, wrong), encoding="utf-8")
    assert render_figures.stale((edited,)) == [f"{edited}: hacks.families"]
    assert render_figures.rendered(edited.read_text(encoding="utf-8")) == text


def test_every_figure_is_shown_somewhere_and_every_block_names_one() -> None:
    used = {m["name"] for page in PAGES for m in render_figures.blocks(page.read_text())}
    assert used == set(render_figures.FIGURES)
    opened = sum(len(re.findall(r"^<!-- figure: ", p.read_text(), re.MULTILINE)) for p in PAGES)
    assert opened == sum(len(list(render_figures.blocks(page.read_text()))) for page in PAGES)


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower().replace("`", ""))
    return text.replace(" ", "-")


def _anchors(page: Path) -> set[str]:
    text = FENCE.sub("", page.read_text(encoding="utf-8"))
    return {_slug(h) for h in re.findall(r"^#+ (.+)$", text, re.MULTILINE)}


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_relative_links_resolve(page: Path) -> None:
    text = FENCE.sub("", page.read_text(encoding="utf-8"))
    links = [t for t in LINK.findall(text) if not re.match(r"[a-z]+:", t)]
    for target in links:
        path, _, anchor = target.partition("#")
        file = (page.parent / path).resolve() if path else page
        assert file.exists(), f"{page.name}: link to missing {target}"
        if anchor and file.suffix == ".md":
            assert anchor in _anchors(file), f"{page.name}: no heading for #{anchor} in {file.name}"


def test_the_readme_is_a_front_door_with_the_commands_ci_runs() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= 150
    setup = (
        'python3 -m venv .venv && .venv/bin/pip install -q -e ".[cli]" && '
        ".venv/bin/safereward score --example --out safereward-report"
    )
    tests = "bash scripts/setup-dev.sh && .venv/bin/python -m pytest -q"
    assert f"\n{setup}\n" in readme and f"\n{tests}\n" in readme
    assert f"\n{tests}\n" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    for page in sorted((ROOT / "docs").glob("*.md")):
        assert f"(docs/{page.name})" in readme, f"README does not link docs/{page.name}"


def test_measured_fractions_live_in_figures() -> None:
    """Outside figure blocks and code, no three-decimal figure: those are measurements, and a
    measurement typed by hand drifts from its benchmark."""
    for page in PAGES:
        text = render_figures.BLOCK.sub("", page.read_text(encoding="utf-8"))
        loose = re.findall(r"\b\d\.\d{3}\b", FENCE.sub("", text))
        assert not loose, f"{page.name}: {loose} outside a figure block"
