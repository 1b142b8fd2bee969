"""Readable text for files that cannot be opened."""

from __future__ import annotations

from pathlib import Path

from engine.project import ProjectFileError

__all__ = ["file_error_text"]

#: More problems than this are summarised as "and N more": a dialog must fit on the screen.
MAX_SHOWN = 12


def file_error_text(error: ProjectFileError, path: str | Path | None = None) -> tuple[str, str]:
    """Return a one-line summary and the list of problems of a file that cannot be opened.

    Parameters
    ----------
    error
        The error raised by `engine.project.load`.
    path
        The file, if the error does not name it.

    Returns
    -------
    tuple of str
        ``("'cuba.spikecanvas' cannot be opened.", "• nodes[1].kind: unknown ...")``.
    """
    name = Path(path or error.filename or "The project").name
    count = len(error.problems)
    summary = f"'{name}' cannot be opened" + (f" ({count} problems)." if count > 1 else ".")
    lines = [f"• {problem}" for problem in error.problems[:MAX_SHOWN]]
    if count > MAX_SHOWN:
        lines.append(f"… and {count - MAX_SHOWN} more")
    return summary, "\n".join(lines)
