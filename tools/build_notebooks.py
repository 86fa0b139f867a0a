"""Build notebooks/ from the lesson sources: convert with jupytext, execute, save.

    python tools/build_notebooks.py            # every lesson
    python tools/build_notebooks.py NAME ...   # only these (file names without .py)

The notebooks keep their outputs: nbval re-runs them in `make test` and fails
when a printed value changes, so a lesson's printed values are checked values.
"""

from __future__ import annotations

import sys
from pathlib import Path

import jupytext
import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
LESSONS = ROOT / "lessons"
NOTEBOOKS = ROOT / "notebooks"


def build(source: Path) -> Path:
    """Convert one lesson, run it top to bottom in a fresh kernel, write the notebook."""
    nb = jupytext.read(source)
    NotebookClient(nb, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(NOTEBOOKS)}}).execute()
    # Random cell ids and nbclient's run-time stamps would make every rebuild of
    # an unchanged lesson differ; fixed ids and no stamps keep git diffs real.
    for i, cell in enumerate(nb.cells):
        cell.id = f"cell-{i}"
        cell.metadata.pop("execution", None)
    target = NOTEBOOKS / (source.stem + ".ipynb")
    nbformat.write(nb, target)
    return target


def main(names: list[str]) -> None:
    """Build the named lessons, or all of them."""
    NOTEBOOKS.mkdir(exist_ok=True)
    sources = sorted(LESSONS.glob("*.py"))
    if names:
        sources = [p for p in sources if p.stem in names]
    for source in sources:
        print(f"built {build(source).relative_to(ROOT)}")


if __name__ == "__main__":
    main(sys.argv[1:])
