"""Errors the engine reports about a user's model, with where in the text they happened.

Every mistake in what a user typed (an equation, a threshold, a reset, a unit) is raised as a
`ModelError` subclass carrying the position of the offending text, so that the application can
underline it and scripts print a message that points at it. Positions are 1-based lines and
columns, counted in the string the user gave (an equations block, a single expression).

Where an error is is data, never text to read back: besides its span, an error says which
argument of the engine's API held the text at fault (``argument``: ``"threshold"``,
``"model"``, ``"condition"``; `errors_in` sets it where the argument is known), the variable
it is about (``variable``) and what kind of failure it is (``kind``, an `ErrorKind`). The
message is formatted from them by ``__str__`` only.

This module is the bottom of the engine: it imports nothing from the rest of it.
"""

from __future__ import annotations

import contextlib
import difflib
import enum
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

__all__ = [
    "EquationError",
    "ErrorKind",
    "ExpressionError",
    "ModelError",
    "ModelSyntaxError",
    "RepeatedStatefulCallError",
    "ReservedNameError",
    "SourceSpan",
    "UnresolvedIdentifierError",
    "UnsupportedEquationsError",
    "close_names",
    "errors_in",
]


_EXCERPT_WIDTH = 100  # characters of a long line shown around an error


@dataclass(frozen=True)
class SourceSpan:
    """A stretch of one line of user text: 1-based line, 1-based start column, end column.

    ``end_column`` is exclusive; a span of one character has ``end_column == column + 1``.
    """

    line: int
    column: int
    end_column: int

    def shifted(self, line: int = 0, column: int = 0) -> SourceSpan:
        """Return the span moved by ``line`` lines, and by ``column`` columns on its line."""
        return SourceSpan(self.line + line, self.column + column, self.end_column + column)


class ErrorKind(enum.StrEnum):
    """What kind of failure an error is (`ModelError.kind`)."""

    #: A mistake in what the user wrote or passed (the default).
    MODEL = "model"
    #: A variable became NaN or infinite during a run (``variable`` names it; ``span`` is
    #: where the model defines it).
    NAN = "nan"
    #: Code run by a step of a simulation raised an error (a Python function of the model).
    STEP = "step"


class ModelError(ValueError):
    """A problem in user-written model text.

    Parameters
    ----------
    message
        What is wrong, in the user's terms.
    span
        Where in the text, if known.
    text
        The text the span refers to (an expression, or the equations block).
    hint
        What to do about it, if there is a likely fix.
    argument
        The argument of the engine's API that held the text at fault (``"threshold"``), if
        known; see `errors_in`.
    variable
        The model variable the error is about, if any (a problem of its definition).
    kind
        The kind of failure.

    Attributes
    ----------
    message, span, text, hint, argument, variable, kind
        As given; the application uses them to mark the error in the editor. ``message`` is
        the bare message: ``str(error)`` adds the place, the hint and an excerpt of the text.
    """

    def __init__(
        self,
        message: str,
        span: SourceSpan | None = None,
        text: str | None = None,
        hint: str | None = None,
        *,
        argument: str | None = None,
        variable: str | None = None,
        kind: ErrorKind = ErrorKind.MODEL,
    ) -> None:
        self.message = message
        self.span = span
        self.text = text
        self.hint = hint
        self.argument = argument
        self.variable = variable
        self.kind = kind
        super().__init__(self.__str__())

    def with_location(self, span: SourceSpan | None = None, text: str | None = None) -> ModelError:
        """Return a copy of this error placed at ``span`` of ``text`` (keeps known values)."""
        other = self.__class__.__new__(self.__class__)
        other.__dict__.update(self.__dict__)
        other.span = span if span is not None else self.span
        other.text = text if text is not None else self.text
        ValueError.__init__(other, other.__str__())
        return other

    def __str__(self) -> str:
        parts = [self.message]
        if self.span is not None:
            parts.append(f" (line {self.span.line}, column {self.span.column})")
        parts.append(self._hint_sentence())
        excerpt = self._excerpt()
        if excerpt:
            parts.append("\n" + excerpt)
        return "".join(parts)

    def _hint_sentence(self) -> str:
        """Return the hint as it follows the message in ``str(error)`` ('' without one)."""
        if not self.hint:
            return ""
        return f". {self.hint}" if not self.message.endswith(".") else f" {self.hint}"

    def _excerpt(self) -> str:
        """Return the offending line with a caret marker under the span, or ''."""
        if self.span is None or self.text is None:
            return ""
        lines = self.text.splitlines() or [""]
        if not 1 <= self.span.line <= len(lines):
            return ""
        line = lines[self.span.line - 1]
        start, width = self.span.column - 1, max(1, self.span.end_column - self.span.column)
        if len(line) > _EXCERPT_WIDTH:  # show a window around the span of a very long line
            first = max(0, min(start - 20, len(line) - _EXCERPT_WIDTH))
            shown = line[first : first + _EXCERPT_WIDTH]
            prefix = "..." if first else ""
            suffix = "..." if first + _EXCERPT_WIDTH < len(line) else ""
            line = prefix + shown + suffix
            start = start - first + len(prefix)
            width = max(1, min(width, _EXCERPT_WIDTH - (start - len(prefix))))
        return f"    {line}\n    {' ' * start}{'^' * width}"


@contextlib.contextmanager
def errors_in(argument: str) -> Iterator[None]:
    """Mark the `ModelError` raised inside as an error in the text of ``argument``.

    The place where the engine handles one argument's text (a threshold, a connect
    condition) wraps that work in ``with errors_in("threshold"):``, so that an error raised
    there says which argument it is about; an error already marked (by an inner, more
    precise ``errors_in``) keeps its mark. It is also a decorator (of a method that handles
    one argument).
    """
    try:
        yield
    except ModelError as error:
        if error.argument is None:
            error.argument = argument
        raise


class ExpressionError(ModelError):
    """An expression or statement that is not valid in the model language."""


class EquationError(ModelError):
    """A model definition (equations block, flags, declarations) that is malformed."""


class RepeatedStatefulCallError(ExpressionError, NotImplementedError):
    """An expression that calls a function drawing random numbers (``rand()``) twice or more.

    Brian 2 refuses such expressions with a ``NotImplementedError`` (the calls could be merged:
    ``rand() - rand()`` would become 0), so scripts that catch it keep working: this error is
    both an `ExpressionError` and a ``NotImplementedError``.

    Attributes
    ----------
    function
        The name of the function called more than once.
    """

    def __init__(
        self,
        function: str,
        message: str,
        span: SourceSpan | None = None,
        text: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.function = function
        super().__init__(message, span, text, hint)


class ModelSyntaxError(ModelError, SyntaxError):
    """A mistake in model text that Brian 2 reports as a ``SyntaxError``.

    Code that assigns a shared variable after a per-element one (shared assignments run once
    per step, before the per-element code, so it would not run where it is written), or a
    subexpression that calls ``rand()`` without the flag ``(constant over dt)``. Scripts that
    catch Brian's ``SyntaxError`` keep working: this error is both a `ModelError` and a
    ``SyntaxError``.
    """

    def __init__(
        self,
        message: str,
        span: SourceSpan | None = None,
        text: str | None = None,
        hint: str | None = None,
        *,
        argument: str | None = None,
        variable: str | None = None,
    ) -> None:
        super().__init__(message, span, text, hint, argument=argument, variable=variable)

    @property
    def msg(self) -> str:
        """The message, as Python prints it for a ``SyntaxError``."""
        return str(self)

    @msg.setter
    def msg(self, value: str) -> None:
        pass  # always computed from the error's parts


class ReservedNameError(EquationError, ModelSyntaxError):
    """A model variable named like a constant, unit, function or keyword (``pi : 1``).

    Brian 2 refuses such a name with a ``SyntaxError``: this error is both an `EquationError`
    and a ``SyntaxError``.
    """


def close_names(name: str, known: Iterable[str], n: int = 2, cutoff: float = 0.6) -> list[str]:
    """Return up to ``n`` of the ``known`` names a user may have meant by ``name``.

    The same name in other capitals comes first ('Vt' for 'VT'): difflib alone scores short
    names too low to suggest it.
    """
    known = list(known)
    close = [k for k in known if k.lower() == name.lower() and k != name][:n]
    close += [
        c for c in difflib.get_close_matches(name, known, n=n, cutoff=cutoff) if c not in close
    ]
    return close[:n]


class UnresolvedIdentifierError(ModelError, KeyError):
    """A name in a model that is neither defined in it nor known from its namespace.

    Also the KeyError Brian 2 raises for it (its message is not quoted as a KeyError's is).

    When the name could be declared by the model (it is used in a group's equations or code),
    the hint first says how: as a variable of the equations, with its unit when the unit
    checker could tell it from the name's use, or as a constant; then it suggests close
    names that do exist.

    Attributes
    ----------
    identifier
        The unknown name.
    suggestions
        Close names that do exist (may be empty).
    declarable
        Whether the model could declare the name (a group's equations).
    unit
        The unit to declare it with (``"amp"``), if known.
    """

    def __init__(
        self,
        identifier: str,
        suggestions: tuple[str, ...] = (),
        span: SourceSpan | None = None,
        text: str | None = None,
        context: str = "",
        declarable: bool = False,
        unit: str | None = None,
    ) -> None:
        self.identifier = identifier
        self.suggestions = tuple(suggestions)
        self.declarable = declarable
        self.unit = unit
        where = f" in {context}" if context else ""
        super().__init__(
            f"The identifier '{identifier}'{where} could not be resolved",
            span,
            text,
            self._hint(),
        )

    def _hint(self) -> str | None:
        parts = []
        if self.declarable:
            name = self.identifier
            parts.append(
                f"Declare it: add '{name} : {self.unit or '<unit>'}' to the equations, or "
                f"define a constant '{name}'."
            )
        if self.suggestions:
            parts.append("Did you mean " + " or ".join(f"'{s}'" for s in self.suggestions) + "?")
        return " ".join(parts) or None

    def with_unit(self, unit: str | None) -> UnresolvedIdentifierError:
        """Return a copy of this error whose declaration advice has ``unit`` (None: unknown)."""
        other = self.with_location()
        assert isinstance(other, UnresolvedIdentifierError)
        other.unit = unit
        other.hint = other._hint()
        ValueError.__init__(other, other.__str__())
        return other


class UnsupportedEquationsError(ModelError):
    """Equations that a chosen (or any) integration method cannot integrate."""
