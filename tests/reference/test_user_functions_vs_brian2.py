"""User functions, ``timestep`` and LaTeX output, side by side with Brian 2.

Each script is written once in Brian 2's syntax (``from SIMULATOR import *``) and run by both
simulators on the numpy target (`side_by_side`); scripts with a Cython implementation also run
on the engine's cython target, compared with Brian 2 on numpy. Deterministic results agree
within 1e-9 relative (Brian does not promise bitwise reproducibility: rounding depends on how
a formula is arranged; the Cython implementations compute the same values by other formulas),
spike times within one dt.
"""

from __future__ import annotations

import pytest
from reference import side_by_side

DT_MS = 0.1

# The simulator's own package, for names Brian 2 does not export at the top level.
_PACKAGE = """
import importlib
PACKAGE = NeuronGroup.__module__.split('.')[0]
core_functions = importlib.import_module(PACKAGE + '.core.functions')
"""

PIECEWISE_LINEAR_LIF = """
from SIMULATOR import *

@implementation('cython', '''
cdef double piecewise_linear(double I):
    if I < 1e-9:
        return 0.0
    elif I > 3e-9:
        return 100.0
    return (I/1e-9 - 1)*50
''')
@check_units(I=amp, result=Hz)
def piecewise_linear(I):
    return clip((I - 1*nA) * 50*Hz/nA, 0*Hz, 100*Hz)

tau = 10*ms
G = NeuronGroup(6, '''dv/dt = -v/tau + piecewise_linear(I)*mV : volt
                      I : amp''', threshold='v > 0.3*mV', reset='v = 0*mV', method='euler')
G.I = 'i*0.8*nA'
spikes_ = SpikeMonitor(G)
trace = StateMonitor(G, 'v', record=[2, 3])
run(50*ms)
result = {"spikes": spikes(spikes_), "v": floats(trace.v, mV), "rate": floats(G.v, mV),
          "python_call": float(piecewise_linear(2*nA) / Hz)}
"""

FUNCTION_WITH_UNITS = """
from SIMULATOR import *

def distance(x1, y1, x2, y2):
    return sqrt((x1 - x2)**2 + (y1 - y2)**2)
distance = Function(distance, arg_units=[meter, meter, meter, meter], return_unit=meter)

def square(x):
    return x**2
square = Function(square, arg_units=[None], return_unit=lambda d: d**2)

G = NeuronGroup(4, '''x : meter
                      y : meter
                      d = distance(x, y, 1*um, 2*um) : meter
                      area = square(d) : meter**2
                      dz/dt = -z/(5*ms) + d/um/ms : 1''', method='euler')
G.x = 'i*um'
G.y = '(3 - i)*um'
run(2*ms)
result = {"d": floats(G.d, um), "area": floats(G.area, um**2), "z": floats(G.z),
          "python_call": float(distance(0*um, 0*um, 3*um, 4*um) / um)}
"""

USER_LOOKUP = """
from SIMULATOR import *
import numpy as np

values = np.array([0., 1., 3., 2., 0.5])
table = np.array([[0., 1., 2.], [1., 0., 3.], [4., 2., 1.], [0., 0., 5.]])

@check_units(t=second, result=1)
def stimulus(t):
    step = np.clip(np.asarray(t / (2*ms)).astype(int), 0, len(values) - 1)
    return values[step]

@check_units(t=second, k=1, result=1)
def stimulus2d(t, k):
    step = np.clip(np.asarray(t / (2.5*ms)).astype(int), 0, table.shape[0] - 1)
    return table[step, np.asarray(k, dtype=int)]

G = NeuronGroup(3, '''dv/dt = (stimulus(t)*(1 + i) - v)/(5*ms) : 1
                      dw/dt = (stimulus2d(t, i) - w)/(2*ms) : 1''', method='euler')
M = StateMonitor(G, ['v', 'w'], record=True)
run(12*ms)
result = {"v": floats(M.v), "w": floats(M.w)}
"""

STATEFUL_FUNCTION = """
from SIMULATOR import *
import numpy as np

calls = []
def counter():
    calls.append(1)
    return len(calls)
counter = Function(counter, arg_units=[], return_unit=1, stateless=False)

sizes = []
def filled(value, _vectorisation_idx):
    sizes.append(len(_vectorisation_idx))
    return value * np.ones(len(_vectorisation_idx))
filled = Function(filled, arg_units=[1], return_unit=1, stateless=False, auto_vectorise=True)

G = NeuronGroup(5, '''dv/dt = 1/ms : 1
                      y : 1
                      x : 1''', threshold='v > 0.25 + 0.1*i', reset='v = 0; x += filled(2)')
G.run_regularly('y = counter()\\ny += counter()')
run(1*ms)
result = {"calls": len(calls), "y": floats(G.y), "x": floats(G.x), "sizes": sizes}
"""

TYPES_AND_DISCARDED_UNITS = """
from SIMULATOR import *
import numpy as np

@check_units(n=1, result=1)
@declare_types(n='integer', result='integer')
def next_odd(n):
    return 2*(n//2) + 1

@implementation('numpy', discard_units=True)
@check_units(I=amp, result=Hz)
def fast_linear(I):
    return clip((I - 1*nA) * 50*Hz/nA, 0*Hz, 100*Hz)

G = NeuronGroup(4, '''n : integer
                      odd : integer
                      I : amp
                      rate = fast_linear(I) : Hz''',
                namespace={'next_odd': next_odd, 'fast_linear': fast_linear})
G.n = 'i*3'
G.odd = 'next_odd(n)'
G.I = 'i*1*nA'
G.run_regularly('n += next_odd(n)')
run(0.3*ms)
result = {"odd": [int(k) for k in G.odd[:]], "n": [int(k) for k in G.n[:]],
          "rate": floats(G.rate, Hz), "python_call": float(fast_linear(2*nA) / Hz)}
"""

TIMESTEP = (
    """
from SIMULATOR import *
"""
    + _PACKAGE
    + """
timestep = core_functions.timestep
G = NeuronGroup(2, '''n : integer
                      m : integer''')
G.run_regularly('n = timestep(t, dt)\\nm = timestep(lastspike_, dt)')
G.namespace['lastspike_'] = 0.35*ms
run(0.5*ms)
result = {"n": [int(k) for k in G.n[:]], "m": [int(k) for k in G.m[:]],
          "scalar": timestep(1*ms, 0.1*ms), "scalar_type": type(timestep(1*ms, 0.1*ms)).__name__,
          "array": [int(k) for k in timestep([0.3, 1.0, 2.05]*ms, 0.1*ms)],
          "plain": timestep(0.3, 0.1),
          "default_functions": sorted(k for k in ['exp', 'clip', 'rand', 'timestep', 'int',
                                                  'poisson'] if k in DEFAULT_FUNCTIONS)}
"""
)

LATEX = """
from SIMULATOR import *
import numpy as np

# No quantity of a unit without a name (V/s): Brian 2 shows it as dimensionless ('3.0\\,')
# once a model in the same process has used that unit, and in base units before.
quantities = [3*mV, 3*mV*ms, np.array([1, 2, 3])*mV, 3*nS, 1e-9*siemens, 3*volt, 3.5e-3*volt,
              1234.5*ms]
eqs = Equations('''dv/dt = (g_L*(E_L - v) + I_syn)/C_m : volt (unless refractory)
I_syn = g*(E - v) : amp
dg/dt = -g/tau_g : siemens
x_0 : 1 (constant)''')
text = eqs._repr_latex_()
lines = text[len('\\\\begin{align*}'):-len('\\\\end{align*}')].split('\\\\\\\\\\n')
result = {"quantities": [q._repr_latex_() for q in quantities],
          "unit": mV._repr_latex_(),
          "starts": text.startswith('\\\\begin{align*}'), "ends": text.endswith('\\\\end{align*}'),
          "lines": len(lines),
          "left": [line.split('&')[0].strip() for line in lines],
          "notes": [line.split('\\\\text{')[1].split('$')[0] for line in lines],
          "flags": [line.split('flags: ')[1].rstrip(')}') if 'flags' in line else ''
                    for line in lines],
          "empty": Equations('')._repr_latex_()}
"""

SCRIPTS = {
    "piecewise_linear_lif": PIECEWISE_LINEAR_LIF,
    "function_with_units": FUNCTION_WITH_UNITS,
    "user_lookup": USER_LOOKUP,
    "stateful_function": STATEFUL_FUNCTION,
    "types_and_discarded_units": TYPES_AND_DISCARDED_UNITS,
    "timestep": TIMESTEP,
    "latex": LATEX,
}

brian2_results, engine = side_by_side.fixtures_for(SCRIPTS)


def assert_same(ours, theirs):
    side_by_side.assert_same_result(ours, theirs, DT_MS)


@pytest.mark.parametrize(
    "name",
    ["piecewise_linear_lif", "function_with_units", "user_lookup", "types_and_discarded_units"],
)
def test_gives_what_brian2_gives(brian2_results, name):
    assert_same(engine(name), brian2_results[name])


def test_a_stateful_function_is_called_as_often_as_in_brian2(brian2_results):
    ours, theirs = engine("stateful_function"), brian2_results["stateful_function"]
    assert ours["calls"] == theirs["calls"]
    assert ours["y"] == theirs["y"]
    assert ours["x"] == theirs["x"]
    # Brian 2 hands the spiking neurons' indices, the engine their positions: same lengths.
    # Brian 2 also calls the function in a step without spikes (with no elements); the
    # engine's reset does not run then.
    assert ours["sizes"] == [size for size in theirs["sizes"] if size]


def test_timestep_is_brian2s_in_models_and_in_python(brian2_results):
    assert engine("timestep") == brian2_results["timestep"]


def test_latex_has_brian2s_structure(brian2_results):
    ours, theirs = engine("latex"), brian2_results["latex"]
    assert ours["quantities"] == theirs["quantities"]
    assert ours["unit"] == theirs["unit"]
    assert ours["empty"] == theirs["empty"]
    for key in ("starts", "ends", "lines", "flags"):
        assert ours[key] == theirs[key], key
    # Brian 2 leaves a subexpression's name as written on the left (I_syn); the engine shows
    # it as the symbol it is everywhere else (I_{syn}).
    assert ours["left"] == [left.replace("I_syn", "I_{syn}") for left in theirs["left"]]
    assert ours["notes"] == theirs["notes"]


CYTHON = side_by_side.IMPORT_LINE + "\nprefs.codegen.target = 'cython'"


@pytest.mark.slow
def test_a_cython_implementation_on_the_cython_target_gives_what_brian2_gives_on_numpy(
    brian2_results,
):
    from engine.codegen.cython import build

    if build.compiler_problem() is not None:
        pytest.skip(f"no compiled code here: {build.compiler_problem()}")
    script = PIECEWISE_LINEAR_LIF.replace(side_by_side.IMPORT_LINE, CYTHON)
    ours = side_by_side.run_engine(script, "piecewise_linear_lif_cython")
    assert_same(ours, brian2_results["piecewise_linear_lif"])


@pytest.mark.slow
def test_python_functions_on_the_cython_target_give_what_brian2_gives(brian2_results):
    from engine.codegen.cython import build

    if build.compiler_problem() is not None:
        pytest.skip(f"no compiled code here: {build.compiler_problem()}")
    script = USER_LOOKUP.replace(side_by_side.IMPORT_LINE, CYTHON)
    with pytest.warns(RuntimeWarning, match="'stimulus2d' cannot be compiled"):
        ours = side_by_side.run_engine(script, "user_lookup_cython")
    assert_same(ours, brian2_results["user_lookup"])
