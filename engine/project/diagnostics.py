r"""Problems of a project as data: `Diagnostic`, and `to_diagnostic` for any error.

Every layer reports a problem at its node, field, line and column: validation as a list of
`Diagnostic`\ s, build and run as `BuildError`/`RunError`, export as `BuildError`. They all
turn the errors of the engine into diagnostics with `to_diagnostic`, which reads the error's
attributes — its message, hint, span and the text the span is in (`engine.errors.ModelError`),
the variable it is about — and never its message text: where an error is is data, set where
the problem was found. The message shown is the error's bare message (an `EngineError` without
the ``Error in 'x' (created at ...)`` that ``str`` adds; the node says where) with its hint.

When the error comes from running engine objects, `engine_cause` finds the error of the chain
(``raise ... from``) that knows where in the text it is, and `engine_argument` and
`engine_object` which argument of which engine object it is about; `engine.project.build`
turns those into the node and field.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from engine.core.base import EngineError
from engine.equations.single import SingleEquation
from engine.errors import ModelError, SourceSpan
from engine.project.errors import BuildError, RunError
from engine.project.node_base import NodeBase

__all__ = [
    "Diagnostic",
    "HintStyle",
    "Severity",
    "engine_argument",
    "engine_cause",
    "engine_object",
    "field_text",
    "message_of",
    "placed",
    "to_diagnostic",
]

Severity = Literal["error", "warning"]

#: How an error's hint joins its message: as the next sentence (the editor's diagnostics),
#: in parentheses (the errors of a build or a run), or not at all.
HintStyle = Literal["sentence", "aside", "none"]


@dataclass(frozen=True)
class Diagnostic:
    """One problem of a project, where it is and what to do about it.

    Attributes
    ----------
    node_id
        The node, or None for the run settings and the constants.
    field
        Where in the node (or project): a field of the node as the document names it
        (``model``, ``threshold``, ``N``, ``connect.p``, ``initial.v``, ``plot.window``,
        ``variables``, ``name``); ``pre``, ``post``, ``record`` or ``drive`` for a missing
        connection of that role; ``run.dt``, ``run.duration``, ``run.report_period``;
        ``constants.<name>`` for a constant's value and ``constants.<name>.name`` for its
        name. None for the node as a whole.
    line, column
        Where in the field's text the problem starts (1-based), when known.
    end_column
        Where it ends on that line (exclusive), for underlining.
    message
        What is wrong and, when known, what to do.
    severity
        ``"error"``: the project cannot be built or run; ``"warning"``: it runs, but this is
        probably a mistake.
    """

    node_id: str | None
    field: str | None
    line: int | None
    column: int | None
    end_column: int | None
    message: str
    severity: Severity

    def __str__(self) -> str:
        place = [p for p in (self.node_id, self.field) if p]
        if self.line is not None:
            place.append(f"line {self.line}, column {self.column}")
        prefix = f"{': '.join(place)}: " if place else ""
        return f"{self.severity}: {prefix}{self.message}"


def to_diagnostic(
    error: BaseException,
    node_id: str | None = None,
    field: str | None = None,
    text: str | None = None,
    *,
    message: str | None = None,
    hint: HintStyle = "sentence",
    severity: Severity = "error",
    definitions: Mapping[str, SingleEquation] | None = None,
) -> Diagnostic:
    """Return the diagnostic of ``error``, at ``field`` of the node ``node_id``.

    Parameters
    ----------
    error
        Any error: an engine error (its span is placed in ``text``), a `BuildError` or
        `RunError` (already placed: its own node, field, line and column are used), or
        another exception (its message only).
    node_id, field
        Where the error is (for an engine error; None when unknown). Line and column are
        those of the field's text: without a field, there are none.
    text
        The whole text of the field, into which the error's span is placed (the engine may
        quote one line or one part of it; see `placed`). Without it the span is taken as it
        is.
    message
        The message to show instead of the error's own (a caller that says more).
    hint
        How the error's hint joins the message (see `HintStyle`).
    severity
        ``"error"`` or ``"warning"``.
    definitions
        The equations of the node: an error about a variable that the engine did not place
        (``error.variable``) is placed at the variable's definition.
    """
    if isinstance(error, (BuildError, RunError)):
        return Diagnostic(
            error.node_id,
            error.field,
            error.line,
            error.column,
            None,
            error.message if message is None else message,
            severity,
        )
    span: SourceSpan | None = None
    if isinstance(error, ModelError) and field is not None:  # a line is a line of a field
        span = error.span
        if text is not None:
            span = placed(span, error.text, text)
        variable = error.variable
        if span is None and definitions is not None and variable is not None:
            defined = definitions.get(variable)
            span = defined.span if defined is not None else None
    return Diagnostic(
        node_id,
        field,
        span.line if span is not None else None,
        span.column if span is not None else None,
        span.end_column if span is not None else None,
        message_of(error, hint) if message is None else message,
        severity,
    )


def message_of(error: BaseException, hint: HintStyle = "sentence") -> str:
    """Return the message of ``error`` (without place or excerpt), with its hint.

    An `EngineError`'s message is without the object it names; a `KeyError`'s without the
    quotes ``str`` adds.
    """
    if isinstance(error, (ModelError, BuildError, RunError)):
        message = error.message
    elif isinstance(error, KeyError) and error.args:
        message = str(error.args[0])
    else:
        message = str(error)
    advice = error.hint if isinstance(error, ModelError) else None
    if not advice or hint == "none":
        return message
    if hint == "aside":
        return f"{message} ({advice})"
    return f"{message} {advice}" if message.endswith((".", "?", "!")) else f"{message}. {advice}"


def placed(span: SourceSpan | None, quoted: str | None, text: str | None) -> SourceSpan | None:
    """Return ``span`` (in ``quoted``) as a span in ``text``, the whole field's text.

    The engine may quote one line of a block, or one part of a field (an expression within a
    connection generator); its span is then shifted to where that part is in the field.
    None if the part is not in the field's text (the engine quoted text of its own).
    """
    if span is None or text is None:
        return None
    if quoted is None or quoted == text:
        moved = span
    else:
        offset = text.find(quoted)
        if offset < 0:
            return None
        line_start = text.rfind("\n", 0, offset) + 1
        moved = span.shifted(
            line=text.count("\n", 0, offset),
            column=(offset - line_start) if span.line == 1 else 0,
        )
    lines = text.splitlines() or [""]
    if not 1 <= moved.line <= len(lines):
        return None
    return moved


def field_text(node: NodeBase, field: str) -> str:
    """Return the text of a node's field: ``threshold``, ``connect.p``, ``initial.v``."""
    owner: Any = node  # fields are reached by name: what they hold depends on the kind
    if field.startswith("initial."):
        value: str = owner.initial[field.removeprefix("initial.")]
        return value
    for part in field.split("."):
        owner = getattr(owner, part)
    return str(owner)


# -- errors of running engine objects ------------------------------------------------------------


def _chain(error: BaseException) -> Iterator[BaseException]:
    """Yield ``error`` and the errors it was raised from (``__cause__``, ``__context__``)."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def engine_cause(error: BaseException) -> BaseException:
    """Return the error of ``error``'s chain that knows where in the text it is, or ``error``.

    An engine object that wraps a problem of its code (``raise self.fail(...) from``) raises
    an error naming itself; the error it wraps has the span in the text.
    """
    for link in _chain(error):
        if isinstance(link, ModelError) and link.span is not None and link.text:
            return link
    return error


def engine_argument(error: BaseException) -> str | None:
    """Return the argument of the engine's API the error is about (the innermost one known).

    The innermost is the most precise: the state updater of a group is about its ``model``,
    but an error in its refractory condition (which it runs too) is about ``refractory``.
    """
    found = None
    for link in _chain(error):
        if isinstance(link, ModelError) and link.argument is not None:
            found = link.argument
    return found


def engine_object(error: BaseException) -> str | None:
    """Return the name of the engine object the error is about (the innermost one known)."""
    found = None
    for link in _chain(error):
        if isinstance(link, EngineError) and link.object_name is not None:
            found = link.object_name
    return found
