"""Devices, preferences, logging, profiling and module aliases, side by side with Brian 2.

Each script is written once in Brian 2 syntax and run by both simulators. ``PKG`` is the
simulator's package name, for the imports Brian 2 scripts make from submodules
(``brian2.devices.device``, ``brian2.utils.logger``, ``brian2.numpy_``). The cpp_standalone
comparison compiles a C++ project with Brian 2 (10-20 s), so it is marked slow.
"""

from __future__ import annotations

import json

import pytest
from reference import side_by_side

_PKG = "PKG = Network.__module__.split('.')[0]\nimport importlib\n"

PREFERENCES = (
    """
from SIMULATOR import *
"""
    + _PKG
    + """
import os, tempfile
defaults = {name: prefs[name] for name in [
    'codegen.string_expression_target', 'codegen.loop_invariant_optimisations',
    'codegen.max_cache_dir_size', 'codegen.runtime.numpy.discard_units',
    'codegen.runtime.cython.multiprocess_safe', 'codegen.runtime.cython.cache_dir',
    'codegen.runtime.cython.delete_source_files', 'codegen.cpp.extra_compile_args',
    'core.outdated_dependency_error', 'core.network.default_schedule',
    'legacy.refractory_timing', 'devices.cpp_standalone.openmp_threads',
    'logging.console_log_level', 'logging.file_log_level', 'logging.file_log_max_size',
    'logging.delete_log_on_exit', 'logging.std_redirection']}
defaults['float'] = prefs.core.default_float_dtype.__name__
defaults['integer'] = prefs.core.default_integer_dtype.__name__
prefs.codegen.target = 'numpy'
same = prefs['codegen.target'] == prefs.codegen.target == 'numpy'

def raises(action, kind):
    try:
        action()
    except kind:
        return True
    return False

def set_unknown():
    prefs.codegen.targte = 'numpy'

def set_invalid():
    prefs.codegen.loop_invariant_optimisations = 1

# What Brian 2 raises, so what scripts catch (the engine's errors may be more: KeyError too).
errors = {
    "set unknown": raises(set_unknown, PreferenceError),
    "set unknown item": raises(lambda: prefs.__setitem__('codegen.nonexistent', 1),
                               PreferenceError),
    "get unknown item": raises(lambda: prefs['nonexistent.x'], KeyError),
    "get unknown attribute": raises(lambda: prefs.codegen.nonexistent, AttributeError),
    "invalid value": raises(set_invalid, PreferenceError),
}
folder = tempfile.mkdtemp()
path = os.path.join(folder, 'my_preferences')
with open(path, 'w') as f:
    f.write("# mine\\n[codegen]\\nloop_invariant_optimisations = False\\n"
            "[core]\\nnetwork.default_schedule = ['start', 'groups', 'thresholds', "
            "'synapses', 'resets', 'end']\\n")
prefs.read_preference_file(path)
from_file = prefs.codegen.loop_invariant_optimisations
prefs.reset_to_defaults()
result = {"defaults": defaults, "same": same, "errors": errors, "from_file": from_file,
          "after_reset": prefs.codegen.loop_invariant_optimisations,
          "cython_category": sorted(prefs.codegen.runtime.cython)}
"""
)

PROFILING = """
from SIMULATOR import *
G = NeuronGroup(20, 'dv/dt = (2 - v)/(10*ms) : 1', threshold='v > 1', reset='v = 0',
                method='exact')
G.v = 'i/20'
S = Synapses(G, G, 'w : 1', on_pre='v += 0.01')
S.connect(j='(i + 1) % 20')
M = SpikeMonitor(G)
run(20*ms, profile=True)
info = magic_network.profiling_info
summary = profiling_summary(show=3)
text = repr(summary).splitlines()
not_profiled = None
run(1*ms)
try:
    magic_network.profiling_info
except ValueError:
    not_profiled = 'ValueError'
result = {"names": sorted(name for name, _ in info),
          "in_seconds": all(abs(float(t / second) - float(t)) == 0 for _, t in info),
          "slowest_first": [float(t) for _, t in info] == sorted([float(t) for _, t in info],
                                                                  reverse=True),
          "header": text[:2], "rows": len(text) - 2, "not_profiled": not_profiled,
          "spikes": int(M.num_spikes)}
"""

LOGGING = (
    """
from SIMULATOR import *
"""
    + _PKG
    + """
logger_module = importlib.import_module(PKG + '.utils.logger')
with logger_module.catch_logs(log_level='INFO') as logs:
    G = NeuronGroup(2, 'dv/dt = (2 - v)/(10*ms) : 1', threshold='v > 1')
    H = NeuronGroup(2, 'dv/dt = (2 - v)/(10*ms) : 1', threshold='v > 1', reset='')
    S = Synapses(G, G, 'dw/dt = -w/(5*ms) : 1', on_pre='v += w')
    S.connect()
    run(0.1*ms)
messages = [(level, name.split('.')[-1]) for level, name, _ in logs]
choices = sorted(message.split("'")[1] + ':' + message.split("'")[3]
                 for level, name, message in logs if name.endswith('method_choice'))
logger = get_logger('mytests')
result = {"messages": sorted(messages), "choices": choices,
          "static": all(callable(getattr(BrianLogger, 'log_level_' + level))
                        for level in ['debug', 'info', 'warn', 'error']),
          "suppress": callable(BrianLogger.suppress_name)
                      and callable(BrianLogger.suppress_hierarchy),
          "logger": [callable(getattr(logger, m)) for m in ['debug', 'info', 'warn', 'error']]}
"""
)

DEVICES = (
    """
from SIMULATOR import *
"""
    + _PKG
    + """
device_module = importlib.import_module(PKG + '.devices.device')
before = type(get_device()).__name__
set_device('cpp_standalone', build_on_run=False)
during = type(get_device()).__name__
build_on_run = device.build_on_run
device_module.reset_device()
after = type(get_device()).__name__
unknown = None
try:
    set_device('nonexistent_device')
except KeyError:
    unknown = 'KeyError'
np_ = importlib.import_module(PKG + '.numpy_')
only = {}
exec('from ' + PKG + '.only import *', only)
result = {"before": before, "during": during, "after": after, "build_on_run": build_on_run,
          "unknown": unknown, "names": sorted(n for n in ['runtime', 'cpp_standalone']
                                               if n in all_devices),
          "numpy_exp": floats(np_.exp(np_.array([0.0, 1.0]))),
          "numpy_linspace": floats(np_.linspace(0*ms, 1*ms, 3), ms),
          "only": ['NeuronGroup' in only, 'mV' in only, 'set_device' in only, 'zeros' in only]}
"""
)

SCRIPTS = {
    "preferences": PREFERENCES,
    "profiling": PROFILING,
    "logging": LOGGING,
    "devices": DEVICES,
}

brian2_results, engine = side_by_side.fixtures_for(SCRIPTS)


@pytest.mark.parametrize("name", list(SCRIPTS))
def test_same_results_as_brian2(brian2_results, name):
    assert engine(name) == brian2_results[name]


def test_the_profiled_objects_are_those_brian2_names(brian2_results):
    assert engine("profiling")["names"] == [
        "neurongroup",
        "neurongroup_spike_resetter",
        "neurongroup_spike_thresholder",
        "neurongroup_stateupdater",
        "spikemonitor",
        "synapses",
        "synapses_pre",
    ]


def test_the_logged_messages_are_brian2s(brian2_results):
    assert ["WARNING", "only_threshold"] in engine("logging")["messages"]
    assert ["INFO", "clock_driven"] in engine("logging")["messages"]  # (JSON: lists)


# -- cpp_standalone: Brian 2 compiles C++; the engine runs its compiled target -----------------

MODEL = """
G = NeuronGroup(50, '''dv/dt = (I - v)/(10*ms) : 1
                       I : 1''', threshold='v > 1', reset='v = 0', refractory=2*ms,
                method='exact')
G.I = '0.9 + 0.7*i/49'
S = Synapses(G, G, 'w : 1', on_pre='v += w')
S.connect(j='(i + 1) % 50')
S.w = 0.05
M = SpikeMonitor(G)
run(50*ms)
G.I = 0.8  # between the runs: applies to the second
run(50*ms)
"""

STANDALONE = (
    "set_device('cpp_standalone', build_on_run=False, directory='standalone_project')\n"
    + MODEL
    + """
refused = None
try:
    M.count[:]
except NotImplementedError:
    refused = 'NotImplementedError'
device.build(directory='standalone_project')
result = {"counts": [int(c) for c in M.count[:]], "refused": refused,
          "timed": device._last_run_time > 0}
"""
)

RUNTIME = (
    "prefs.codegen.target = 'numpy'\n"
    + MODEL
    + "result = {'counts': [int(c) for c in M.count[:]]}\n"
)


def _brian2(brian2, script: str) -> dict:
    return json.loads(json.dumps(brian2(f"from brian2 import *\n{script}\nemit(result)\n")))


def _engine_standalone() -> dict:
    from engine.devices import reinit_devices

    try:
        return side_by_side.run_engine(f"from SIMULATOR import *\n{STANDALONE}", "standalone")
    finally:
        reinit_devices()


@pytest.mark.slow
def test_a_standalone_script_with_two_runs_and_build_gives_brian2s_results(brian2):
    with pytest.warns(UserWarning, match="directory='standalone_project'"):
        ours = _engine_standalone()
    theirs = _brian2(brian2, STANDALONE)
    assert ours == theirs
    assert sum(ours["counts"]) > 50  # the model spikes: the comparison means something


@pytest.mark.slow
def test_standalone_counts_equal_brian2s_runtime_counts(brian2):
    theirs = _brian2(brian2, RUNTIME)
    with pytest.warns(UserWarning, match="directory"):
        ours = _engine_standalone()
    assert ours["counts"] == theirs["counts"]
