"""A compiled loop run in blocks of elements, calling numpy's loops once per block.

Calling one of numpy's SIMD loops (`engine.codegen.cython.numpy_loops`) for a single element
costs ~20 to 100 ns — several times the C library's function, and on models full of ``exp``
(Hodgkin-Huxley) ten times the whole step. Called on a block of elements, it costs ~2 ns per
element. So where elements are independent of one another (a state update: each element reads
and writes only its own values), the loop body is cut at each call of a numpy loop: each part
runs for every element of a block (``BLOCK`` elements, ``_j`` the position in the block), the
call runs once for the block, and the next part goes on. Each element's computations are the
same, in the same order: only their interleaving with other elements' changes. The loop's
locals become arrays of one value per element of the block.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["BLOCK", "BLOCK_CALL", "blocked_loop"]

#: Elements per block: the locals of a block fit in the processor's first-level cache.
BLOCK = 64

#: The start of a body line that is a call for the whole block (not per element).
BLOCK_CALL = "#block: "


def blocked_loop(
    body: list[str], element: str, per_element: Iterable[str], indent: str = "    "
) -> list[str]:
    """Return the lines of the loop over ``_n`` elements running ``body`` in blocks.

    Parameters
    ----------
    body
        The lines for one element (``_i`` its position, ``_idx`` the element), with lines
        starting with `BLOCK_CALL` for the calls on the whole block (``_m`` elements).
    element
        The C expression of the element at position ``_i``.
    per_element
        The locals holding one value per element (arrays of `BLOCK` values, declared so).
    indent
        The indentation of the loop.
    """
    names = sorted(set(per_element), key=len, reverse=True)
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, names)) + r")\b") if names else None

    def each(line: str) -> str:
        return pattern.sub(r"\1[_j]", line) if pattern is not None else line

    inner, deeper = indent * 2, indent * 3
    lines = [
        f"{indent}for _b in range(0, _n, {BLOCK}):",
        f"{inner}_m = _n - _b if _n - _b < {BLOCK} else {BLOCK}",
    ]
    part: list[str] = []

    def flush() -> None:
        if part:
            lines.extend(
                [
                    f"{inner}for _j in range(_m):",
                    f"{deeper}_i = _b + _j",
                    f"{deeper}_idx = {element}",
                    *(deeper + each(line) for line in part),
                ]
            )
            part.clear()

    for line in body:
        if line.startswith(BLOCK_CALL):
            flush()
            lines.append(inner + line.removeprefix(BLOCK_CALL))
        else:
            part.append(line)
    flush()
    return lines
