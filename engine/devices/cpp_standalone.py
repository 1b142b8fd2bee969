"""The ``cpp_standalone`` device: Brian 2's standalone semantics on the engine's compiled target.

Brian 2's standalone mode writes the whole simulation as a C++ project, compiles it and runs
it at once. The engine writes no C++ project: its runs use the Cython target (numpy where no
C compiler works, with a warning), and the device keeps what a script sees of standalone mode:

- ``build_on_run=True`` (the default): the first `run` builds and runs the simulation, and its
  results are there when it returns; a second `run` is refused (`RuntimeError`, as in Brian 2),
  and so is an explicit ``device.build()``.
- ``build_on_run=False``: every `run` is recorded; the results become available at
  ``device.build()`` (``run=False`` builds without running: they stay unavailable until
  ``device.run()``). Until then, reading a variable that a run changed raises
  `NotImplementedError`, as in Brian 2; setting one between runs is allowed (a complete
  assignment makes its values readable again). The engine computes each run when it is
  recorded (so that values set between runs apply in order) and only shows the results at the
  build.
- ``device._last_run_time`` is the wall time of the last run's simulation loop (without code
  generation and compilation), and ``device.timers`` splits the time as Brian 2's does.

Build options that mean nothing without a C++ project (``directory``, ``debug``,
``run_args``, ...) are accepted and named in an `UnsupportedBuildOptionWarning`.
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Mapping
from typing import Any

from engine.core import run_device
from engine.core.base import flatten
from engine.core.network import Network
from engine.core.preferences import prefs
from engine.core.variables import ArrayVariable
from engine.devices.device import Device

__all__ = ["CPPStandaloneDevice", "UnsupportedBuildOptionWarning"]

#: Build options and Brian 2's defaults (those of ``device.build``).
BUILD_DEFAULTS: dict[str, Any] = {
    "directory": "output",
    "results_directory": "results",
    "compile": True,
    "run": True,
    "debug": False,
    "clean": False,
    "with_output": True,
    "additional_source_files": None,
    "run_args": None,
    "direct_call": True,
}

#: Why an option cannot be honoured, for values other than Brian's default.
_NOT_HONOURED = {
    "directory": "no C++ project is written (the simulation runs on the engine's Cython "
    "target, in this process)",
    "results_directory": "results stay in memory, no results folder is written",
    "debug": "there is no C++ debug build; read the generated code with generated_code()",
    "additional_source_files": "no C++ project is compiled, so no source files are added",
    "run_args": "no binary is run, so it takes no arguments",
}

#: Names that stay readable after a run: sizes of synapses, not results.
_STRUCTURE = frozenset({"N", "N_incoming", "N_outgoing"})


class UnsupportedBuildOptionWarning(UserWarning):
    """A build option of ``cpp_standalone`` that the engine accepts and cannot honour."""


class CPPStandaloneDevice(Device):
    """Brian 2's ``cpp_standalone`` device, on the engine's compiled target (see the module).

    Attributes
    ----------
    build_on_run
        Whether the first `run` builds and runs the simulation.
    build_options
        The options given to `set_device`, used by the build.
    has_been_run
        Whether the simulation was built and run (its results are available).
    project_dir
        The ``directory`` option (no project is written there).
    timers
        Wall times as Brian 2 reports them: ``{'run_binary': ..., 'compile': {...}}``.
    """

    name = "cpp_standalone"

    def __init__(self) -> None:
        self.build_on_run = True
        self.build_options: dict[str, Any] = {}
        self.reinit()

    def reinit(self) -> None:
        """Forget earlier simulations, so that a script can build a new one."""
        run_device.unseal_all()
        self.has_been_run = False
        self.has_been_built = False
        self.project_dir: str | None = None
        self._runs = 0
        self._last_run_time: float | None = None
        self._loop_time = 0.0
        self._prepare_time = 0.0
        self.timers: dict[str, Any] = {"run_binary": None, "compile": {"clean": None, "make": None}}

    def activate(self, build_on_run: bool = True, **kwargs: Any) -> None:
        """Become the current device, with ``build_on_run`` and build options ``kwargs``."""
        unknown = sorted(set(kwargs) - set(BUILD_DEFAULTS))
        if unknown:
            raise TypeError(
                f"Unknown option(s) of the cpp_standalone device: {', '.join(unknown)} "
                f"(options: {', '.join(BUILD_DEFAULTS)})"
            )
        super().activate(build_on_run, **kwargs)
        _warn_about(kwargs)

    def deactivate(self) -> None:
        """Leave standalone mode: values that wait for a build stay unreadable until then."""

    # -- runs ------------------------------------------------------------------------------

    def network_run(
        self,
        net: Any,
        duration: Any,
        report: Any = None,
        report_period: Any = None,
        namespace: Mapping[str, Any] | None = None,
        profile: bool = False,
        level: int = 0,
        **kwds: Any,
    ) -> None:
        """Run ``net`` with standalone semantics (see the module documentation).

        Raises
        ------
        RuntimeError
            For a run after the simulation was built (a second run with
            ``build_on_run=True``, or a run after ``device.build()``).
        """
        if self.has_been_built:
            advice = (
                "Use set_device('cpp_standalone', build_on_run=False) and one device.build() "
                "after all runs to make several runs"
                if self.build_on_run
                else "Call device.reinit() and device.activate() to build another simulation"
            )
            raise RuntimeError(f"The simulation has already been built and run. {advice}.")
        started = time.perf_counter()
        previous_target = prefs["codegen.target"]
        prefs["codegen.target"] = _compiled_target()
        try:
            with run_device.device_run():
                # Network's own run: a magic network has collected its objects already.
                Network.run(net, duration, report, report_period, namespace, profile, level)
        finally:
            prefs["codegen.target"] = previous_target
        loop = float(getattr(net, "_last_run_time", 0.0))
        self._runs += 1
        self._loop_time = loop
        self._prepare_time += time.perf_counter() - started - loop
        run_device.seal(_results_of(net))
        if self.build_on_run:
            self.build(direct_call=False, **self.build_options)

    # -- building --------------------------------------------------------------------------

    def build(self, **kwds: Any) -> None:
        """Build the recorded simulation and (with ``run=True``) make its results available.

        Parameters
        ----------
        **kwds
            Brian 2's build options (``directory``, ``results_directory``, ``compile``,
            ``run``, ``debug``, ``clean``, ``with_output``, ``additional_source_files``,
            ``run_args``); they override those given to `set_device`. The engine writes no
            project: options it cannot honour are named in a warning.

        Raises
        ------
        RuntimeError
            If ``build_on_run`` is True (the run built the simulation already), or if the
            simulation was built before.
        """
        direct_call = kwds.pop("direct_call", True)
        if self.build_on_run and direct_call:
            raise RuntimeError(
                "With set_device('cpp_standalone') (build_on_run=True, the default) the first "
                "run builds the simulation: do not call device.build(). To call it yourself "
                "(for several runs), use set_device('cpp_standalone', build_on_run=False)."
            )
        if self.has_been_built:
            raise RuntimeError(
                "The simulation has already been built. To build another one in the same "
                "script, call device.reinit() and device.activate() (and set the build "
                "options and defaultclock.dt again)."
            )
        unknown = sorted(set(kwds) - set(BUILD_DEFAULTS))
        if unknown:
            raise TypeError(
                f"Unknown option(s) of device.build(): {', '.join(unknown)} "
                f"(options: {', '.join(BUILD_DEFAULTS)})"
            )
        if direct_call:
            _warn_about({k: v for k, v in kwds.items() if v != self.build_options.get(k)})
        options = {**BUILD_DEFAULTS, **self.build_options, **kwds}
        self.project_dir = options["directory"]
        self.has_been_built = True
        self.timers["compile"] = {"clean": None, "make": self._prepare_time}
        if options["compile"] and options["run"]:
            self.run()

    def run(
        self, directory: str | None = None, with_output: bool = True, run_args: Any = None
    ) -> None:
        """Make the results of the built simulation available (Brian 2 runs its binary here).

        Raises
        ------
        RuntimeError
            If the simulation has not been built.
        """
        if not self.has_been_built:
            raise RuntimeError("The simulation has not been built yet: call device.build()")
        if run_args is not None:
            _warn_about({"run_args": run_args})
        run_device.unseal_all()
        self.has_been_run = True
        self._last_run_time = self._loop_time
        self.timers["run_binary"] = self._loop_time

    def delete(
        self, code: bool = True, data: bool = True, directory: bool = True, force: bool = False
    ) -> None:
        """Delete the project's files (the engine writes none: nothing to do)."""


def _compiled_target() -> str:
    """Return 'cython', or 'numpy' (with a warning) where no C compiler works."""
    from engine.codegen.cython.build import compiler_problem

    problem = compiler_problem()
    if problem is None:
        return "cython"
    warnings.warn(
        UnsupportedBuildOptionWarning(
            f"cpp_standalone runs on the numpy target here: the Cython target is not "
            f"available ({problem})"
        ),
        stacklevel=4,
    )
    return "numpy"


def _warn_about(options: Mapping[str, Any]) -> None:
    """Warn once per call, naming every option whose value cannot be honoured."""
    problems = [
        f"{name}={value!r}: {_NOT_HONOURED[name]}"
        for name, value in options.items()
        if name in _NOT_HONOURED and value not in (None, [], False)
    ]
    if problems:
        warnings.warn(
            UnsupportedBuildOptionWarning(
                "The cpp_standalone device of the engine ignores these options: "
                + "; ".join(problems)
            ),
            stacklevel=4,
        )


def _results_of(net: Any) -> list[ArrayVariable]:
    """Return the variables a run of ``net`` may have changed: its objects' results.

    Internal arrays (``_spikespace``), the sizes of synapses and the clocks' times stay
    readable; constants do not change.
    """
    results: dict[int, ArrayVariable] = {}
    objects = flatten(net.objects)
    clocks = {obj.clock.name for obj in objects}  # the time is known, as in Brian 2
    for obj in objects:
        variables = getattr(obj, "variables", None)
        if variables is None:
            continue
        for variable in variables.values():
            if (
                isinstance(variable, ArrayVariable)
                and not variable.constant
                and variable.owner not in clocks
                and not variable.name.startswith("_")
                and variable.name not in _STRUCTURE
            ):
                results[id(variable)] = variable
    return list(results.values())
