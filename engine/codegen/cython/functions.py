"""The language's functions in compiled code, as the table of functions describes them.

Everything compiled code knows of a function comes from its `CImplementation` in
`engine.parsing.function_table`: the C expression of a call, the helpers it needs in the module,
its ``cimport`` lines, the C library function numpy may round otherwise (which
`engine.codegen.cython.numpy_loops` checks on this machine), and numpy's C sampler for random
functions. This module turns those into what the cython target writes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from engine.parsing.function_table import DEFAULT_FUNCTIONS, CImplementation

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
