"""The language's functions in compiled code, as the table of functions describes them.

Everything compiled code knows of a function comes from its `CImplementation` in
`engine.parsing.function_table`: the C expression of a call, the helpers it needs in the module,
its ``cimport`` lines, the C library function numpy may round otherwise (which
`engine.codegen.cython.numpy_loops` checks on this machine), and numpy's C sampler for random
functions. This module turns those into what the cython target writes.
"""

from __future__ import annotations

import re
import textwrap
import warnings
from collections.abc import Iterable, Mapping
from typing import Any

from engine.parsing.function_table import DEFAULT_FUNCTIONS, CImplementation, FunctionSpec

__all__ = [
    "call_templates",
    "cimport_lines",
    "drawn",
    "library_names",
    "not_compiled",
    "not_folded",
    "sampler",
    "sampler_declarations",
    "stateful",
    "support_code",
    "user_call",
    "user_support_code",
    "varying_templates",
]


def _implementations() -> dict[str, CImplementation]:
    return {name: spec.c for name, spec in DEFAULT_FUNCTIONS.items() if spec.c is not None}


def library_names() -> dict[str, str]:
    """Return the C library function of each function numpy may compute otherwise: name -> C."""
    return {name: c.library for name, c in _implementations().items() if c.library is not None}


def not_folded() -> tuple[str, ...]:
    """Return the C library functions the compiler must not compute itself (not exact)."""
    return tuple(
        c.library for c in _implementations().values() if c.library is not None and not c.exact
    )


def call_templates(chosen: Mapping[str, str | None]) -> dict[str, str]:
    """Return the C expression of a call of each function compiled code computes here.

    Parameters
    ----------
    chosen
        How compiled code computes each function of `library_names` here: ``"libm"`` (the C
        library: the function's own template), ``"numpy"`` (numpy's loop: ``_np_exp({0})``)
        or None (not compiled: operations calling it run on numpy), as
        `engine.codegen.cython.numpy_loops.implementations` decides.
    """
    templates: dict[str, str] = {}
    for name, c in _implementations().items():
        if c.call is None:
            continue
        how = chosen.get(name) if c.library is not None else "own"
        if how == "numpy":
            templates[name] = f"_np_{name}({{0}})"
        elif how is not None:
            templates[name] = c.call
    implementations = _implementations()
    changed = True
    while changed:  # a function whose helper uses one not compiled here is not compiled either
        missing = [n for n in templates if not set(implementations[n].uses) <= templates.keys()]
        changed = bool(missing)
        for name in missing:
            del templates[name]
    return templates


def varying_templates(chosen: Mapping[str, str | None]) -> dict[str, str]:
    """Return the C expression of calls whose later arguments vary between elements.

    Only for functions that numpy computes with another loop then (``clip``), among those
    compiled code computes here (see `call_templates`).
    """
    implementations = _implementations()
    return {
        name: varying
        for name in call_templates(chosen)
        if (varying := implementations[name].varying_call) is not None
    }


def not_compiled(chosen: Mapping[str, str | None]) -> set[str]:
    """Return the functions with a C call that compiled code does not compute here."""
    calls = {name for name, c in _implementations().items() if c.call is not None}
    return calls - call_templates(chosen).keys()


def support_code(chosen: Mapping[str, str | None]) -> str:
    """Return the module-level helpers of every function compiled code computes here."""
    templates = call_templates(chosen)
    parts = []
    for name, c in _implementations().items():
        if name not in templates or not c.support:
            continue
        code = c.support
        for used in c.uses:
            code = code.replace(f"{{{used}}}", templates[used].format("x"))
        parts.append(code)
    return "".join(f"\n{part}" for part in parts)


def cimport_lines(extra: Iterable[tuple[str, str]] = ()) -> str:
    """Return the ``cimport`` lines of every function's C names, and of ``extra`` ones."""
    names: dict[str, set[str]] = {}
    for c in _implementations().values():
        for module, name in c.cimports:
            names.setdefault(module, set()).add(name)
    for module, name in extra:
        names.setdefault(module, set()).add(name)
    return "".join(
        f"from {module} cimport {', '.join(sorted(names[module]))}\n" for module in sorted(names)
    )


def stateful() -> frozenset[str]:
    """Return the functions of the language that give a new value on each call."""
    return frozenset(name for name, spec in DEFAULT_FUNCTIONS.items() if spec.stateful)


def drawn() -> frozenset[str]:
    """Return the random functions whose values compiled code draws before its loop."""
    return (
        frozenset(name for name, c in _implementations().items() if c.sampler is not None)
        & stateful()
    )


def sampler(name: str) -> str:
    """Return numpy's C function drawing the values of the random function ``name``."""
    c = DEFAULT_FUNCTIONS[name].c
    if c is None or c.sampler is None:
        raise KeyError(f"'{name}' has no sampler in compiled code")
    return c.sampler


def sampler_declarations() -> str:
    """Return the declarations of numpy's C samplers (in ``numpy/random/distributions.h``)."""
    return "".join(
        f"    void {sampler(name)}(bitgen_t* state, Py_ssize_t count, double* out) nogil\n"
        for name in _implementations()
        if name in drawn()
    )


# -- functions of users ---------------------------------------------------------------------

# A module-level ``cdef`` function's header: compiled loops run without the GIL, so the user's
# functions must be callable without it (as Brian 2's Cython functions are, in practice).
_CDEF_HEADER = re.compile(r"^(?P<head>cdef\s[^\n#]*?\))(?P<tail>[^:\n]*):", re.MULTILINE)
_CALL_OF_NAME = re.compile(r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\((?P<args>[^()]*)\)$")


def user_call(name: str, function: Any, chosen: Mapping[str, str | None]) -> tuple[str, str]:
    """Return how compiled code calls the user's function ``name``: its C call and its code.

    Parameters
    ----------
    name
        The function's name in the model's code.
    function
        What the name resolved to (`engine.codegen.operations.Function`): the user's
        `engine.core.functions.Function` is its ``user``.
    chosen
        How compiled code computes the language's functions here (see `call_templates`),
        for the functions the user's code depends on.

    Returns
    -------
    (call, support)
        The C expression of a call (``{0}``, ``{1}``... the arguments' expressions) and the
        Cython definitions to write once into the module.

    Raises
    ------
    UnsupportedExpression
        If it has no Cython implementation that compiled code can use: the operation then
        runs on numpy. For a function of the user's, a `RuntimeWarning` says so once, and why.
    """
    from engine.codegen.cython.renderer import UnsupportedExpression

    user = getattr(function, "user", None)
    if getattr(user, "implementations", None) is None:
        raise UnsupportedExpression(f"the Python function '{name}' in compiled code")
    try:
        return _compiled(name, user, chosen)
    except _NotCompiled as reason:
        _note_fallback(name, user, str(reason))
        raise UnsupportedExpression(f"the Python function '{name}' ({reason})") from None


class _NotCompiled(Exception):
    """Why a user function's Cython implementation cannot be compiled here."""


def _compiled(name: str, user: Any, chosen: Mapping[str, str | None]) -> tuple[str, str]:
    if "cython" not in user.implementations:
        raise _NotCompiled("it has no Cython implementation")
    implementation = user.implementations["cython"]
    if implementation.dynamic:
        raise _NotCompiled("its Cython implementation is dynamic (generated per object)")
    if implementation.get_namespace(None):
        raise _NotCompiled("its Cython implementation uses a namespace")
    try:
        code = implementation.get_code(None)
    except NotImplementedError as error:  # the implementation's availability check
        raise _NotCompiled(f"its Cython implementation is not available: {error}") from None
    if not isinstance(code, str):
        raise _NotCompiled("its Cython implementation is not Cython source")
    support = _without_gil(textwrap.dedent(code))
    prefix = []
    for dependency, spec in implementation.dependencies.items():
        if isinstance(spec, FunctionSpec):
            support = _renamed(support, dependency, spec, chosen)
        else:
            prefix.append(_compiled(dependency, spec, chosen)[1])
    arguments = [f"{{{k}}}" for k in range(len(user.arg_units))]
    if user.auto_vectorise:
        arguments.append("_idx")  # the element's index, as Brian 2's _vectorisation_idx
    call = f"{implementation.name or name}({', '.join(arguments)})"
    return call, "".join(prefix) + support


def _renamed(
    code: str, dependency: str, spec: FunctionSpec, chosen: Mapping[str, str | None]
) -> str:
    """Return ``code`` calling the compiled form of the language's function it depends on."""
    template = call_templates(chosen).get(spec.name)
    found = _CALL_OF_NAME.match(template or "")
    expected = ", ".join(f"{{{k}}}" for k in range(spec.arity))
    if found is None or found["args"] != expected:
        raise _NotCompiled(f"it calls '{dependency}', which compiled code computes otherwise")
    return re.sub(rf"\b{re.escape(dependency)}\b(?=\s*\()", found["name"], code)


def _without_gil(code: str) -> str:
    """Return Cython code whose module-level ``cdef`` functions are callable without the GIL."""

    def header(match: re.Match[str]) -> str:
        tail = match["tail"]
        if "nogil" in tail:
            return match[0]
        if "except" not in tail:  # also "noexcept"
            tail += " noexcept"
        return f"{match['head']}{tail} nogil:"

    return _CDEF_HEADER.sub(header, code)


def _note_fallback(name: str, user: Any, reason: str) -> None:
    """Say once per function that operations calling it run on numpy, and why."""
    if getattr(user, "_compiled_fallback_noted", True):
        return  # noted already, or an engine object that runs on numpy by design
    user._compiled_fallback_noted = True
    warnings.warn(
        f"The function '{name}' cannot be compiled ({reason}), so the operations calling it "
        "run on numpy: slower, with the same results. To compile them, give it a Cython "
        f"implementation: @implementation('cython', 'cdef double {name}(double x): ...')",
        RuntimeWarning,
        stacklevel=2,
    )


def user_support_code(supports: Iterable[Mapping[str, str]]) -> str:
    """Return the Cython code of the users' functions, each once, for one module.

    Parameters
    ----------
    supports
        For each compiled operation, the code of each user function it calls, by name.

    Raises
    ------
    ValueError
        If two functions of the same name have different code (the module would define the
        name twice).
    """
    merged: dict[str, str] = {}
    for support in supports:
        for name, code in support.items():
            if merged.setdefault(name, code) != code:
                raise ValueError(f"two functions named '{name}' with different Cython code")
    return "".join(f"\n{code}\n" for code in merged.values())
