"""File names proposed for a project: made of its title, safe on every operating system."""

from __future__ import annotations

import re

from pathvalidate import sanitize_filename

__all__ = ["MAX_STEM", "stem_from_title"]

#: The longest name proposed (without its ending): long titles are cut at a word.
MAX_STEM = 80


def stem_from_title(title: str) -> str | None:
    r"""Return a file name (without ending) made of a project's ``title``, or None if none is left.

    Characters that some system forbids in file names (``: / \ ? * < > | "``, control
    characters) become spaces, and runs of spaces one space; names that Windows reserves get
    an underscore; leading and trailing dots and spaces go (a hidden file, a name Windows
    cannot open). So ``"CUBA: a balanced network"`` gives ``"CUBA a balanced network"``.
    """
    text = sanitize_filename(title, replacement_text=" ", platform="universal")
    text = " ".join(text.split())
    if len(text) > MAX_STEM:
        cut = text[: MAX_STEM + 1]
        word_end = cut.rfind(" ")
        text = cut[:word_end] if word_end >= MAX_STEM // 2 else cut[:MAX_STEM]
    text = text.strip(". ")
    text = sanitize_filename(text, platform="universal")  # a cut may end on a reserved name
    return text if re.search(r"\w", text) else None
