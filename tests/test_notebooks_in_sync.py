"""The built notebooks match their lesson sources (rebuild: make notebooks)."""

from pathlib import Path

import jupytext
import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
LESSONS = sorted((ROOT / "lessons").glob("*.py"))


def cells(nb):
    return [(c.cell_type, c.source.strip()) for c in nb.cells]


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_notebook_was_built_from_the_current_lesson(lesson):
    notebook = ROOT / "notebooks" / f"{lesson.stem}.ipynb"
    assert notebook.exists(), f"{notebook.name} is missing: run make notebooks"
    built = nbformat.read(notebook, as_version=4)
    assert cells(built) == cells(jupytext.read(lesson)), (
        f"{notebook.name} is stale: run python tools/build_notebooks.py {lesson.stem}"
    )
    assert all(c.execution_count for c in built.cells if c.cell_type == "code"), (
        f"{notebook.name} has cells that never ran: rebuild it"
    )


def test_every_notebook_has_a_lesson():
    stems = {p.stem for p in LESSONS}
    orphans = [p.name for p in (ROOT / "notebooks").glob("*.ipynb") if p.stem not in stems]
    assert not orphans, f"notebooks without a lesson source: {orphans}"
