"""Build notebooks/ from the lesson sources: convert with jupytext, execute, save.

    python lessons/build.py            # every lesson
    python lessons/build.py NAME ...   # only these (file names without .py)

The notebooks keep their outputs: nbval re-runs them in `make test` and fails
when a printed value changes, so a lesson's printed values are checked values.
"""

from __future__ import annotations

import sys
from pathlib import Path

import jupytext
import nbformat
from nbclient import NotebookClient

LESSONS = Path(__file__).resolve().parent
NOTEBOOKS = LESSONS.parent / "notebooks"


def build(source: Path) -> Path:
    """Convert one lesson, run it top to bottom in a fresh kernel, write the notebook."""
    nb = jupytext.read(source)
    NotebookClient(nb, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(NOTEBOOKS)}}).execute()
    target = NOTEBOOKS / (source.stem + ".ipynb")
    nbformat.write(nb, target)
    return target


def main(names: list[str]) -> None:
    """Build the named lessons, or all of them."""
    NOTEBOOKS.mkdir(exist_ok=True)
    sources = sorted(p for p in LESSONS.glob("*.py") if p.name != "build.py")
    if names:
        sources = [p for p in sources if p.stem in names]
    for source in sources:
        print(f"built {build(source).relative_to(LESSONS.parent)}")


if __name__ == "__main__":
    main(sys.argv[1:])
