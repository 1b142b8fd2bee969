"""CodeRunner: an engine object that runs one block of code per time step for a group."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from engine.codegen.abstractcode import AbstractCode
from engine.codegen.operations import Operation
from engine.core.base import EngineObject
from engine.core.operations import current_target, describe, hoist
from engine.core.variables import ArrayVariable
from engine.equations import check_code
from engine.errors import ModelError
from engine.parsing.statements import Statement

__all__ = ["CodeRunner"]


class CodeRunner(EngineObject):
    """Runs generated code for a group on every step of its clock (Brian 2's ``CodeRunner``).

    Subclasses compute their abstract code in `abstract_code`; by default it is the user
    code given, checked for units like a reset.

    Parameters
    ----------
    group
        The group whose variables the code uses.
    template
        The kind of operation (see `engine.codegen.operations.TEMPLATES`).
    code
        Statements of the model language.
    needed
        Names the template uses besides those in the code.
    options
        Template options (see `engine.codegen.operations.Operation`); values naming arrays
        are names of the group's variables.
    """

    def __init__(
        self,
        group: Any,
        template: str,
        code: str = "",
        *,
        when: str = "start",
        order: int = 0,
        name: str = "coderunner*",
        dt: Any = None,
        clock: Any = None,
        needed: Iterable[str] = (),
        options: Mapping[str, Any] | None = None,
    ) -> None:
        if dt is None and clock is None:
            clock = group.clock
        super().__init__(dt=dt, clock=clock, when=when, order=order, name=name)
        self.group = group
        self.template = template
        self.user_code = code
        self.needed = list(needed)
        self.options = dict(options or {})
        self.code_object: Any = None
        self.operation: Operation | None = None

    # -- building -------------------------------------------------------------------------------

    def abstract_code(self, run_namespace: Mapping[str, Any]) -> AbstractCode | list[Statement]:
        """Return the code to run: statements (hoisted later) or finished abstract code."""
        return check_code(self.user_code, self.group.lookup(run_namespace), self.describe())

    def describe(self) -> str:
        """Return what the code is, for messages ("the reset of 'neurons'")."""
        return f"the code of '{self.name}'"

    def before_run(self, run_namespace: Mapping[str, Any]) -> None:
        """Check the code against the current namespace and compile it."""
        try:
            code = self.abstract_code(run_namespace)
        except ModelError as error:
            raise self.fail(str(error)) from None
        statements = code.statements if isinstance(code, AbstractCode) else code
        needed = set(self.needed) | set(self.options.get("arrays", {}).values())
        for statement in statements:
            needed.update(statement.expr.identifiers)
            needed.update(statement.expr.functions)
            if statement.var in self.group.variables:
                needed.add(statement.var)
        # Temporaries of the code (``_v``, ``_lio_1``...) are not names to resolve.
        needed -= {s.var for s in statements} - set(self.group.variables)
        resolved = self.group._variables_for(needed, run_namespace)
        if not isinstance(code, AbstractCode):
            code = self._hoisted(code, resolved)
        names, storage = describe(resolved, self.group.variables)
        self.operation = Operation(
            self.name,
            self.template,
            code,
            names,
            storage,
            self.group.N,
            self.group.name,
            {"repeated": getattr(self.group, "repeated_indices", ()), **self.options},
        )
        self.code_object = current_target().compile(self.operation)

    #: Whether the code may assign shared variables (per step, not per element of an event).
    writes_shared = True

    def _hoisted(self, statements: list[Statement], resolved: Mapping[str, Any]) -> AbstractCode:
        shared = [
            s.var
            for s in statements
            if isinstance(resolved.get(s.var), ArrayVariable) and resolved[s.var].scalar
        ]
        if shared and not self.writes_shared:
            raise self.fail(
                f"{self.describe().capitalize()} assigns the shared variable '{shared[0]}'; "
                "shared variables can only be set by code that runs every step, such as "
                "run_regularly"
            )
        try:
            return hoist(statements, resolved)
        except ValueError as error:
            raise self.fail(str(error)) from None

    def run(self) -> None:
        """Run the code for this step."""
        self.code_object()

    def step_function(self) -> Any:
        """Return the compiled function itself: one call less per step than `run`."""
        return getattr(self.code_object, "function", self.run)

    def step_parts(self) -> dict[str, Any] | None:
        """Describe the step: a call of the code object (unless a subclass does more)."""
        if (
            type(self).run is CodeRunner.run
            and type(self).step_function is CodeRunner.step_function
        ):
            return {"code": self.code_object}
        return None

    @property
    def code(self) -> str:
        """The generated source (after the first run has prepared it)."""
        if self.code_object is None:
            return ""
        return self.code_object.source
