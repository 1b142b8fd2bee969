r"""Projects as Python scripts: ``export_script(project) -> str``.

The script is the project's `plan` printed as Python, step by step and in the same order as
`engine.project.build` executes it — seed, time step, constants, timed arrays, groups,
synapses (created, connected, their delays and initial values), inputs, monitors — followed by
``run(duration, report='text')`` and plots of the monitors. Because the steps are the same,
the script draws the same random numbers in the same order as the app: the same seed gives the
same initial values, synapses and spikes.

The script is meant to be read: a docstring with the project's title, description and notes,
one constant per line with its notes as a comment, each node's notes above its block, model
text as (triple-quoted) strings, then plots that need matplotlib only if it is installed.
With ``flavor='brian2'`` the same script starts with ``from brian2 import *`` and runs on
Brian 2.

No text of the project becomes Python code except through the engine's restricted parsers:

* model text (equations, conditions, statements) is always a string literal, whatever it holds;
* a constant expression (``10*ms``, ``2*tau``) is written as Python only after
  `engine.parsing.expressions.parse_expression` has accepted it and `is_constant` has found
  nothing but constants, units, numbers and pure functions in it; the text is written as typed
  when Python reads it as the same tree, otherwise the parsed tree is written back
  (`ast.unparse`);
* a list of numbers is read by `engine.project.literals.parse_array` and written back from the
  numbers it holds;
* names of nodes and constants are identifiers (the document checks them), and any other name
  that would be written as code (a variable given an initial value) is checked here.

Anything that does not pass raises a `BuildError` naming the node and field, and nothing is
returned.

A run during which constants changed (live changes, `engine.project.results.Results.changes`)
is written as several ``run()`` calls, one per segment between two changes, with the
assignments in between: each ``run()`` continues where the last ended, and resolves the
constants again, so the script makes the same changes at the same simulated times — and, as
the changes touch nothing that was built, gives the same spikes. A change's value is a
constant expression of the project, written as the constants are (and refused as they are).

The script uses the "magic" ``run()``, which simulates every object the script's variables
refer to: each node that `build` adds to its network is one module-level variable, and nothing
else the script defines is a simulation object, so both run the same objects (the order in
which objects run does not depend on how they were collected).
"""

from __future__ import annotations

import ast
import builtins
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np

import engine.units
from engine._version import __version__
from engine.codegen.quoting import (
    comment_lines,
    identifier,
    is_identifier,
    printable,
    string_literal,
)
from engine.equations import evaluate_constant
from engine.errors import ModelError
from engine.parsing.expressions import Expression, parse_expression
from engine.parsing.functions import DEFAULT_CONSTANTS, DEFAULT_FUNCTIONS
from engine.project import kinds
from engine.project.diagnostics import to_diagnostic
from engine.project.document import GROUP_KINDS, Project
from engine.project.errors import BuildError
from engine.project.export_results import plots, saving
from engine.project.literals import parse_array
from engine.project.live import FieldTarget, LiveChangeError, Uses, field_target, live_uses
from engine.project.plan import Array, Code, Expr, Plain, Ref, Step, is_constant, plan
from engine.project.results import Change
from engine.project.script_text import (
    LINE_LENGTH,
    array_text,
    call_lines,
    expression_text,
    float_text,
    heading_line,
    one_line,
    paragraphs,
    plain_text,
    wrap_list,
)
from engine.project.steps import Arg
from engine.units import DEFAULT_UNITS

__all__ = ["export_script"]

Flavor = Literal["engine", "brian2"]


# The classes a plan creates (a safety check: only these are ever called).
_CLASSES = kinds.ENGINE_CLASSES
# Fields that hold indices: build turns them into whole numbers (see build._indices).
_INDEX_FIELDS = {"indices", "connect.i", "connect.j", "record"}
# Names every script may use; never chosen for the script's own helper variables.
_RESERVED = (
    set(DEFAULT_UNITS)
    | set(DEFAULT_CONSTANTS)
    | set(DEFAULT_FUNCTIONS)
    | set(dir(builtins))
    | set(_CLASSES)
    | {"seed", "defaultclock", "prefs", "run", "np", "numpy", "collect", "Network", "Quantity"}
)
_WORD = re.compile(r"[^\W\d]\w*")


# Units that ``from engine import *`` gives; a test checks that ``from brian2 import *`` gives
# them too. Other units of the model language are imported one by one.
_EXPORTED_UNITS = frozenset(engine.units.__all__)


@dataclass(frozen=True)
class _Flavor:
    name: str
    needs: str

    def imports(self, numpy: bool, units: list[str]) -> list[str]:
        """Return the import lines: the simulator, numpy, and units its ``*`` omits."""
        lines = [f"from {self.name} import *"]
        if numpy:
            lines.append("import numpy as np")
        if units and self.name == "brian2":
            lines.append(f"from brian2.units.allunits import {', '.join(units)}")
        elif units:
            lines.append(
                "from engine.units import DEFAULT_UNITS  # units 'from engine import *' omits"
            )
            lines += [f"{unit} = DEFAULT_UNITS[{string_literal(unit)}]" for unit in units]
        return lines


_FLAVORS = {
    "engine": _Flavor(
        "engine",
        "SpikeCanvas's simulation engine (the ``engine`` package, installed with SpikeCanvas)",
    ),
    "brian2": _Flavor("brian2", "Brian 2 (``pip install brian2``)"),
}


def export_script(
    project: Project,
    flavor: Flavor = "engine",
    *,
    filename: str | os.PathLike[str] | None = None,
    save_results: str | os.PathLike[str] | None = None,
    changes: Sequence[Change] = (),
) -> str:
    """Return a Python script that builds, runs and plots ``project``.

    The script executes the steps of `plan` in order — as `build` does, so that the same seed
    gives the same results — then ``run(duration, report='text')`` and, when matplotlib is
    installed, plots every visible monitor (in a window when there is a display, otherwise
    into a PNG file in the current folder).

    Parameters
    ----------
    project
        The project.
    flavor
        ``"engine"`` for ``from engine import *`` or ``"brian2"`` for ``from brian2 import *``
        (the only differences are the import lines).
    filename
        The project's file, named in the script's docstring.
    save_results
        If given, the script saves every monitor's data and every synapse's indices to this
        ``.npz`` file after the run (keys such as ``"spikes.i"``, ``"spikes.t"`` in seconds,
        ``"trace.v"`` in SI units, ``"Ce.i"``).
    changes
        Constants changed during the run (`Results.changes`, with ``project`` the results'
        project): the script runs in segments and makes each change at its simulated time.

    Returns
    -------
    str
        The source of the script.

    Raises
    ------
    BuildError
        If the project cannot be written as a script: a missing connection, a value that is
        not a constant expression, a list that is not a list of numbers, or a name that would
        hide a name the script uses — with the node and field at fault; or a change that is
        not of a constant the run may change, at ``changes[k]``.
    ValueError
        For an unknown ``flavor``.
    """
    if flavor not in _FLAVORS:
        raise ValueError(f"Unknown flavor {flavor!r}: use 'engine' or 'brian2'")
    return ScriptWriter(project, _FLAVORS[flavor], filename, save_results, changes).script()


# -- the writer ---------------------------------------------------------------------------------


class ScriptWriter:
    """Writes one project's script: the names it uses, its statements, its text."""

    def __init__(
        self,
        project: Project,
        flavor: _Flavor,
        filename: str | os.PathLike[str] | None,
        save_results: str | os.PathLike[str] | None,
        changes: Sequence[Change] = (),
    ) -> None:
        self.project = project
        self.changes = list(changes)
        self.flavor = flavor
        self.filename = filename
        self.save_results = save_results
        self.steps = plan(project)
        self.constant_names = [c.name for c in project.constants]
        self.project_names = {*self.constant_names, *(n.name for n in project.nodes)}
        # Names the script uses that the project does not define (classes, units, `run`...).
        self.used: dict[str, str] = {}
        # Names of default units, constants and functions that model text mentions.
        self.model_words: set[str] = set()
        self.taken = set(self.project_names)
        self.units_to_import: set[str] = set()
        self.needs_numpy = save_results is not None
        self.values: dict[str, Any] = {}  # the constants' values (to read lists with units)

    # -- names ----------------------------------------------------------------------------------

    def use(self, *names: str, why: str = "") -> None:
        """Record names the script relies on (a project name equal to one is an error)."""
        for name in names:
            self.used.setdefault(name, why or f"the script uses '{name}'")

    def fresh(self, name: str) -> str:
        """Return ``name``, or a variant, that names nothing else in the script."""
        candidate, number = name, 1
        while candidate in self.taken or candidate in _RESERVED:
            number += 1
            candidate = f"{name}_{number}" if number > 2 else f"{name}_"
        self.taken.add(candidate)
        return candidate

    def name(self, text: str, step: Step | None, field: str = "name", what: str = "name") -> str:
        """Return a name to write as code, checked by `identifier`.

        The document checks names too, but a script is code: nothing reaches it unchecked.
        """
        try:
            return identifier(text, what)
        except ValueError as error:
            raise self.error(str(error), step, field) from None

    # -- values ---------------------------------------------------------------------------------

    def error(
        self,
        message: str,
        step: Step | None,
        field: str,
        error: ModelError | None = None,
        text: str | None = None,
    ) -> BuildError:
        """Return a `BuildError` saying ``message`` at ``field`` of the step's node.

        With the engine's ``error`` about the field's ``text``, at the error's place in it.
        """
        node = self.project.node(step.node_id) if step is not None and step.node_id else None
        node_id = getattr(node, "id", None)
        if error is None:
            return BuildError(message, node_id, getattr(node, "name", None), field)
        diagnostic = to_diagnostic(error, node_id, field, text, message=message)
        return BuildError.from_diagnostic(diagnostic, getattr(node, "name", None))

    def constant(self, text: str, field: str, step: Step | None, known: Iterable[str]) -> str:
        """Return a validated constant expression as Python source."""
        known = set(known)
        try:
            expression = parse_expression(text)
        except ModelError as error:
            raise self.error(
                f"'{one_line(text)}' is not a constant expression: {error.message}",
                step,
                field,
                error,
                text,
            ) from None
        if not is_constant(text, known):
            raise self.error(self.not_constant(expression, known), step, field)
        for name in expression.identifiers:
            if name in DEFAULT_UNITS or name in DEFAULT_CONSTANTS:
                self.use(name, why=f"the unit or constant '{name}' is used in {field}")
                if name in DEFAULT_UNITS and name not in _EXPORTED_UNITS:
                    self.units_to_import.add(name)
        for name in expression.functions:
            self.use(name, why=f"the function '{name}' is used in {field}")
        return expression_text(text, expression)

    def not_constant(self, expression: Expression, known: set[str]) -> str:
        defaults = known | set(DEFAULT_CONSTANTS) | set(DEFAULT_UNITS) | {"True", "False"}
        unknown = [n for n in expression.identifiers if n not in defaults]
        calls = [f for f in expression.functions if f not in DEFAULT_FUNCTIONS]
        text = one_line(expression.text)
        if unknown:
            names = ", ".join(f"'{n}'" for n in unknown)
            return (
                f"'{text}' is not a constant expression: {names} is not a constant defined "
                "before it, a unit or a number"
            )
        if calls:
            return f"'{text}' is not a constant expression: '{calls[0]}' is not a function"
        return (
            f"'{text}' is not a constant expression: it calls a function whose value changes "
            "(such as rand())"
        )

    def count(self, arg: Arg, step: Step) -> str:
        """Return a number of elements: a whole number, as build requires (build._count)."""
        if not isinstance(arg, Expr):  # pragma: no cover - plans give counts as expressions
            raise TypeError(f"the count of {step.target} is not an expression: {arg!r}")
        source = self.constant(arg.text, arg.field, step, self.constant_names)
        tree = ast.parse(source, mode="eval").body
        if isinstance(tree, ast.Constant) and type(tree.value) is int:
            return source
        self.use("int")
        return f"int({source})"

    def array(self, arg: Array, step: Step) -> str:
        """Return a list of numbers, read by parse_array and written back from its numbers."""
        known = self.values
        try:
            literal = parse_array(arg.text, known)
        except ModelError as error:
            raise self.error(error.message, step, arg.field, error, arg.text) from None
        self.needs_numpy = True
        self.use("np")
        if arg.field in _INDEX_FIELDS:
            values = np.asarray(literal.quantity(known))
            if values.size and not (
                np.all(np.isfinite(values)) and np.all(values == np.round(values))
            ):
                raise self.error(
                    f"'{one_line(arg.text)}' must list whole numbers (indices)", step, arg.field
                )
            if values.size == 0:
                return "np.array([], dtype=int)"
            return f"np.array({wrap_list(array_text(values, whole=True))})"
        source = f"np.array({wrap_list(array_text(literal.values, whole=False))})"
        if not literal.unit_text:
            return source
        unit = self.constant(literal.unit_text, arg.field, step, self.constant_names)
        return f"{source}*{unit}" if is_identifier(unit) else f"{source}*({unit})"

    def code(self, arg: Code, step: Step, hoisted: list[str]) -> str:
        """Return model text as a string literal (multi-line text in a variable of its own)."""
        defaults = (DEFAULT_UNITS, DEFAULT_FUNCTIONS, DEFAULT_CONSTANTS)
        words = _WORD.findall(arg.text)
        self.model_words.update(w for w in words if any(w in names for names in defaults))
        if "\n" not in arg.text:
            return string_literal(arg.text)
        variable = self.fresh(f"{self.name(step.target, step)}_{arg.field.replace('.', '_')}")
        hoisted.append(f"{variable} = {string_literal(arg.text, block=True)}")
        return variable

    def argument(self, arg: Any, step: Step, hoisted: list[str]) -> str:
        if isinstance(arg, Expr):
            return self.constant(arg.text, arg.field, step, self.constant_names)
        if isinstance(arg, Code):
            return self.code(arg, step, hoisted)
        if isinstance(arg, Array):
            return self.array(arg, step)
        if isinstance(arg, Ref):
            return self.name(arg.name, step)
        if isinstance(arg, Plain):
            return plain_text(arg.value)
        raise AssertionError(arg)  # pragma: no cover

    # -- the script -----------------------------------------------------------------------------

    def script(self) -> str:
        body = self.body()
        units = sorted(self.units_to_import)
        if units and self.flavor.name == "engine":
            self.use("DEFAULT_UNITS")
        self.check_names()
        head = [*self.docstring(), "", *self.flavor.imports(self.needs_numpy, units)]
        return "\n".join([*head, *body]).rstrip() + "\n"

    def body(self) -> list[str]:
        out: list[str] = []
        section = None
        previous_node = None
        for step in self.steps:
            heading = _section_of(step)
            if heading != section:
                section = heading
                out += ["", "", heading_line(heading)]
            if step.node_id is not None and step.node_id != previous_node:
                out.append("")
                out += self.node_comment(step)
            previous_node = step.node_id
            out += self.statement(step)
        out += ["", "", heading_line("Run")]
        duration = self.constant(
            self.project.run.duration, "run.duration", None, self.constant_names
        )
        self.use("run")
        out.append("# run() simulates every object defined above (Brian 2's 'magic' network).")
        out += self.segments(duration) if self.changes else [f'run({duration}, report="text")']
        if self.save_results is not None:
            out += saving(self)
        out += plots(self)
        return out

    def segments(self, duration: str) -> list[str]:
        """Return the runs between the live changes, and the changes (see the module)."""
        self.use("second")
        uses = live_uses(self.project)
        lines = [
            "# Constants were changed during the run: it goes on in segments, with each change",
            "# made at the simulated time it took effect (each run() continues the last).",
        ]
        done = 0.0
        try:
            end = float(np.asarray(evaluate_constant(self.project.run.duration, self.values)))
        except (ModelError, ValueError, TypeError, ArithmeticError):
            end = np.inf  # the script's run() reports it, as it does without changes
        for k, change in enumerate(self.changes):
            field = f"changes[{k}]"
            try:
                target = self.changed(change.name, uses)
            except LiveChangeError as refused:
                raise BuildError(
                    f"The change of '{printable(change.name)[:60]}' cannot be exported: "
                    f"{refused.message}",
                    field=field,
                ) from None
            t = float(change.t)
            # (times are sums of steps: one in a billion of rounding is allowed for)
            if not np.isfinite(t) or t < done or t > end * (1 + 1e-9) + 1e-12:
                raise BuildError(
                    f"the time of the change, {t!r} s, is not in order within the run's duration",
                    field=field,
                )
            if t > done:
                until = float_text(t - done)
                lines.append(f'run({until}*second, report="text")')
                done = t
            value = self.constant(change.value, field, None, self.constant_names)
            if target is None:
                name = self.name(change.name, None, field)
            else:
                node = self.name(target.node_name, None, field)
                name = f"{node}.{self.name(target.variable, None, field, 'variable name')}"
            lines.append(f"{name} = {value}  # from t = {float_text(t)} s")
        rest = duration if re.fullmatch(r"[\w.*]+", duration) else f"({duration})"
        lines.append(f'run({rest} - {float_text(done)}*second, report="text")')
        return lines

    def changed(self, name: str, uses: Uses) -> FieldTarget | None:
        """Return the node field a change is about (None for a constant), or refuse it.

        Raises
        ------
        LiveChangeError
            If a run cannot change ``name`` (see `engine.project.live`).
        """
        if "." in name:
            return field_target(self.project, name)
        if name not in self.constant_names:
            raise LiveChangeError(name, "it is not a constant of the project")
        refused = uses.refusal(name)
        if refused is not None:
            raise refused
        return None

    def node_comment(self, step: Step) -> list[str]:
        node = self.project.node(step.owner)
        what = _description(step)
        lines = comment_lines(f"{node.name}: {what}")
        if node.notes.strip():
            lines += comment_lines(node.notes)
        return lines

    def statement(self, step: Step) -> list[str]:
        if step.action == "seed":
            self.use("seed")
            lines = [
                "# The same seed gives the same random numbers, hence the same initial values, "
                "synapses and spikes.",
                f"seed({plain_text(step.arg(0, Plain).value)})",
            ]
            return lines
        if step.action == "dt":
            dt = self.constant(step.arg(0, Expr).text, "run.dt", None, ())
            self.use("defaultclock")
            lines = [f"defaultclock.dt = {dt}"]
            if self.project.run.target != "auto":
                self.use("prefs")
                lines.append(f"prefs.codegen.target = {string_literal(self.project.run.target)}")
            return lines
        if step.action == "constant":
            return self.constant_statement(step)
        hoisted: list[str] = []
        if step.action == "create":
            if step.callee not in _CLASSES:  # pragma: no cover - plan creates only these
                raise AssertionError(step.callee)
            self.use(step.callee)
            args = [
                self.count(a, step)
                if index == 0 and step.callee in GROUP_KINDS
                else self.argument(a, step, hoisted)
                for index, a in enumerate(step.args)
            ]
            kwargs = [
                (
                    key,
                    self.count(value, step) if key == "N" else self.argument(value, step, hoisted),
                )
                for key, value in step.kwargs
            ]
            lines = call_lines(f"{self.name(step.target, step)} = {step.callee}", args, kwargs)
        elif step.action == "call":
            kwargs = [(key, self.argument(value, step, hoisted)) for key, value in step.kwargs]
            lines = call_lines(f"{self.name(step.target, step)}.{step.callee}", [], kwargs)
        elif step.action == "assign":
            field = "delay" if step.callee == "delay" else f"initial.{step.callee}"
            variable = self.name(step.callee, step, field, what="variable name")
            value = self.argument(step.args[0], step, hoisted)
            lines = [f"{self.name(step.target, step)}.{variable} = {value}"]
        else:  # pragma: no cover - plan makes only the actions above
            raise AssertionError(step.action)
        return [*hoisted, *lines]

    def constant_statement(self, step: Step) -> list[str]:
        name = step.target
        index = self.constant_names.index(name)
        arg = step.args[0]
        assert isinstance(arg, Expr)  # plan makes the value of a constant an Expr
        field = f"constants.{name}"
        source = self.constant(arg.text, field, None, self.constant_names[:index])
        try:
            self.values[name] = evaluate_constant(arg.text, self.values)
        except ModelError as error:
            raise self.error(error.message, None, field, error, arg.text) from None
        notes = step.notes.strip()
        line = f"{self.name(name, None, f'{field}.name')} = {source}"
        if not notes:
            return [line]
        if "\n" not in notes and len(line) + len(notes) + 4 <= LINE_LENGTH + 20:
            return [f"{line}  # {printable(notes)}"]
        return [*comment_lines(notes), line]

    def check_names(self) -> None:
        """Refuse a project name that would hide a name the script (or the engine) uses."""
        for name in sorted(self.project_names):
            why = self.used.get(name)
            if why is None and name in self.model_words:
                why = f"model text uses '{name}' as the engine's unit, constant or function"
            if why is None:
                continue
            if name in self.constant_names:
                node_id = node_name = None
                field = f"constants.{name}"
            else:
                node = self.project.node(name)
                node_id, node_name, field = node.id, node.name, "name"
            raise BuildError(
                f"the name '{name}' cannot be used in a script: {why}. Rename it.",
                node_id,
                node_name,
                field,
            )

    # -- header ---------------------------------------------------------------------------------

    def docstring(self) -> list[str]:
        project = self.project
        title = one_line(project.title) or "A SpikeCanvas project"
        parts = [title]
        for label, text in (("", project.description), ("Notes: ", project.notes)):
            if text.strip():
                parts.append(paragraphs(label + text.strip()))
        source = f" from {Path(self.filename).name}" if self.filename is not None else ""
        stem = Path(self.filename).stem if self.filename is not None else "script"
        parts.append(
            f"Exported by SpikeCanvas {__version__}{source}. It runs with plain Python:\n\n"
            f"    python {stem}.py\n\n"
            + paragraphs(
                f"and needs {self.flavor.needs}. If matplotlib is installed, it then plots "
                "what the monitors recorded, in a window when there is a display and into a "
                "PNG file otherwise."
            )
        )
        text = "\n\n".join(parts) + "\n"
        return [string_literal(text)]


# -- helpers ------------------------------------------------------------------------------------


def _section_of(step: Step) -> str:
    if step.action in ("seed", "dt"):
        return "Settings"
    if step.action == "constant":
        return "Constants"
    return kinds.spec(step.kind or "").section


def _description(step: Step) -> str:
    return kinds.spec(step.kind or "").describe(step)
