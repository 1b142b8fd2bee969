"""The names new nodes get: a word for their kind, valid and unused from the first moment.

A new node must not start life as an error. Its name is checked by the same rules as any
node's name (`engine.project.validate`: not a unit, function, constant or reserved name of
the model language, nor a name of the engine's API) and must not hide a name of Python, the
language of an exported script. If the kind's word is taken, or refused, ``word_2``,
``word_3``... are tried in turn.
"""

from __future__ import annotations

import builtins
import keyword
from functools import lru_cache

from engine.project import Project, kinds, validate
from engine.project.document import NODE_KINDS

__all__ = ["BASE_NAMES", "base_name", "default_name", "name_is_reserved"]

#: The word a new node of each kind is named after (numbered when taken): each kind's
#: `engine.project.kinds.KindSpec.default_name`, for the kinds there are at start-up.
BASE_NAMES: dict[str, str] = {spec.kind: spec.default_name for spec in kinds.specs()}


# An exported script is Python that imports numpy as ``np`` and reads quantities: a node
# named after one of these would hide it from the script.
_SCRIPT_WORDS = frozenset(dir(builtins)) | frozenset(keyword.kwlist) | {"np", "numpy", "Quantity"}

# Names tried per kind before giving up (a project never holds this many nodes of one kind).
_MAX_TRIES = 100_000


@lru_cache(maxsize=512)
def name_is_reserved(name: str) -> bool:
    """Return whether no node may be called ``name``, whatever the project holds.

    The language's rules are the validator's own: a project holding only a node of this
    name is validated, and any problem it reports about the name counts.
    """
    if name in _SCRIPT_WORDS:
        return True
    probe = NODE_KINDS["TimedArray"](name=name)
    return any(
        d.node_id == probe.id and d.field == "name" for d in validate(Project(nodes=[probe]))
    )


def base_name(kind: str) -> str:
    """Return the word a new node of ``kind`` is named after (KeyError if not a kind).

    That is its entry in `BASE_NAMES`, or for a kind registered since, its spec's.
    """
    word = BASE_NAMES.get(kind)
    return word if word is not None else kinds.spec(kind).default_name


def default_name(project: Project, kind: str) -> str:
    """Return the name a new node of ``kind`` gets in ``project``.

    The kind's word (`base_name`), or the first of ``word_2``, ``word_3``... that no
    constant or node of the project uses and that `name_is_reserved` allows.

    Raises
    ------
    KeyError
        If ``kind`` is not a node kind.
    """
    word = base_name(kind)
    taken = set(project.names())
    for number in range(1, _MAX_TRIES):
        name = word if number == 1 else f"{word}_{number}"
        if name not in taken and not name_is_reserved(name):
            return name
    raise RuntimeError(f"no free name for a new {kind} (tried up to {word}_{_MAX_TRIES - 1})")
