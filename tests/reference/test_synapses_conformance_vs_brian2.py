"""Synapses conformance, side by side with Brian 2: linked variables in a Synapses model,
Synapses acting on Synapses, the generator's ``if``, the deprecated ``pre=``/``post=``
keywords, and the exception Brian 2 raises for each misuse.

Each script is written once with ``from SIMULATOR import *`` and runs on both simulators
(``side_by_side.py``). The models are deterministic (spike generators, constant drive), so
traces must agree within 1e-9 relative (the same formulas, rounded alike up to the order of
operations) and spike times within one dt. Each error case runs in its own scope; its result
is the list of standard exception classes the error is an instance of (for an error Brian 2
wraps in a ``BrianObjectException``, the wrapped one), so the engine's errors, which are also
`ModelError`s, compare by the class a script would catch.
"""

from __future__ import annotations

import pytest
from reference import side_by_side

from engine.synapses.synapses import DeprecatedKeywordWarning

DT_MS = 0.1

# Vogels et al. (2011)-style inhibitory plasticity: the learning rate is a variable of a
# control group, linked into the synapses and switched on for the second run; each synapse
# also reads its postsynaptic neuron's membrane potential through a link (index='j').
LINKED_PLASTICITY = """
from SIMULATOR import *
tau_stdp = 20*ms
alpha = 3*Hz*tau_stdp*2
gmax = 100.
El = -60*mV
inhibitory = SpikeGeneratorGroup(8, np.arange(80) % 8, (np.arange(80)*2.3 % 190 + 1)*ms)
post = NeuronGroup(4, '''dv/dt = (El - v + I - g_gaba*(v + 80*mV)/nS*mV/(10*mV))/(10*ms) : volt
                         dg_gaba/dt = -g_gaba/(10*ms) : siemens
                         I : volt''',
                   threshold='v > -50*mV', reset='v = El', refractory=2*ms, method='euler')
post.v = El
post.I = [20, 24, 28, 32]*mV
control = NeuronGroup(1, 'eta : 1')
S = Synapses(inhibitory, post,
             '''w : 1
                eta : 1 (linked)
                v_here : volt (linked)
                dApre/dt = -Apre/tau_stdp : 1 (event-driven)
                dApost/dt = -Apost/tau_stdp : 1 (event-driven)''',
             on_pre='''Apre += 1.
                       w = clip(w + (Apost - alpha)*eta + 0.001*eta*(v_here - El)/mV, 0, gmax)
                       g_gaba_post += w*nS''',
             on_post='''Apost += 1.
                        w = clip(w + Apre*eta, 0, gmax)''')
S.connect()
S.w = '0.2 + 0.02*i + 0.01*j'
S.eta = linked_var(control, 'eta')
S.v_here = linked_var(post, 'v', index='j')
spikes_post = SpikeMonitor(post)
trace = StateMonitor(post, 'v', record=[0, 3])
run(100*ms)
control.eta = 0.05
run(100*ms)
result = {"spikes": spikes(spikes_post), "w": floats(S.w), "v": floats(trace.v, mV),
          "v_here": floats(S.v_here, mV)}
"""

# A presynaptic spike of a modulating Synapses object changes a weight of another one.
SYNAPSES_ON_SYNAPSES = """
from SIMULATOR import *
inputs = SpikeGeneratorGroup(3, [0, 1, 2, 0, 1, 2, 0], [1, 2, 3, 10, 11, 12, 20]*ms)
target = NeuronGroup(2, 'dv/dt = -v/(5*ms) : 1', threshold='v > 1', reset='v = 0',
                     method='exact')
weights = Synapses(inputs, target, 'w : 1', on_pre='v_post += w')
weights.connect()
weights.w = 0.6
modulator = SpikeGeneratorGroup(2, [0, 1, 0], [5, 6, 15]*ms)
modulating = Synapses(modulator, weights, 'dw : 1', on_pre='w_post += dw')
modulating.connect(j='k for k in range(N_post) if k % 2 == i')
modulating.dw = '0.1 + 0.05*j_post'
spike_monitor = SpikeMonitor(target)
w_monitor = StateMonitor(weights, 'w', record=[0, 1, 4])
run(25*ms)
result = {"spikes": spikes(spike_monitor), "w": floats(weights.w),
          "w_trace": floats(w_monitor.w), "modulating_j": [int(x) for x in modulating.j[:]],
          "weights": len(weights)}
"""

SUMMED_ONTO_SYNAPSES = """
from SIMULATOR import *
source = NeuronGroup(5, '')
target = NeuronGroup(5, '')
conn = Synapses(source, target, 'w : integer')
conn.connect(j='i')
conn.w = 1
summed_conn = Synapses(source, conn, '''w_post = x : integer (summed)
                                        x : integer''')
summed_conn.connect('i>=j')
summed_conn.x = 'i'
run(defaultclock.dt)
result = {"w": [int(x) for x in conn.w[:]]}
"""

GENERATOR_IF = """
from SIMULATOR import *
G = NeuronGroup(10, 'v : 1')
G.v = 'i'
result = {}
for name, kwds in [('if_before_range', dict(j='k for k in range(i, i+3) if k < N_post')),
                   ('element_past_end', dict(j='k + 2 for k in range(10) if k < 8')),
                   ('skip_with_variable_condition',
                    dict(j='k for k in range(i-3, i+4) if i != k', skip_if_invalid=True)),
                   ('sample_all_if',
                    dict(j='k for k in sample(i-2, i+3, p=1.0) if k >= 0 and k < N_post')),
                   ('expression_if', dict(j='i + 1 if i < 9')),
                   ('presynaptic_value_in_condition',
                    dict(j='k for k in range(i, i+4) if v_pre + k < 12 and k < N_post'))]:
    S = Synapses(G, G)
    S.connect(**kwds)
    result[name] = [[int(a), int(b)] for a, b in zip(S.i[:], S.j[:])]
"""

PRE_POST_KEYWORDS = """
from SIMULATOR import *
inputs = SpikeGeneratorGroup(2, [0, 1, 0], [1, 2, 4]*ms)
target = NeuronGroup(2, 'dv/dt = -v/(10*ms) : 1', threshold='v > 0.5', reset='v = 0',
                     method='exact')
S = Synapses(inputs, target, 'w : 1', pre='v_post += w', post='w += 0.1')
S.connect()
S.w = 0.3
monitor = StateMonitor(target, 'v', record=True)
run(8*ms)
result = {"v": floats(monitor.v), "w": floats(S.w)}
"""

LINK_VARIANTS = """
from SIMULATOR import *
source = NeuronGroup(3, 'x : volt', threshold='True', reset='')
source.x = [10, 20, 30]*mV
target = NeuronGroup(5, 'v : volt')
target.v = [1, 2, 3, 4, 5]*mV
level = NeuronGroup(1, 'level : 1')
level.level = 7
shared_group = NeuronGroup(4, 's : 1 (shared)')
shared_group.s = 0.5
S = Synapses(source, target, '''by_j : volt (linked)
                                by_i : volt (linked)
                                by_k : volt (linked)
                                lev : 1 (linked)
                                sh : 1 (linked)
                                k : integer''',
             on_pre='by_j += lev*sh*mV')
S.connect()
S.k = '4 - j'
S.by_j = linked_var(target, 'v', index='j')
S.by_i = linked_var(source.x, index='i')
S.by_k = linked_var(target, 'v', index='k')
S.lev = linked_var(level, 'level')
S.sh = linked_var(shared_group, 's')
before = {"by_j": floats(S.by_j, mV), "by_i": floats(S.by_i, mV), "by_k": floats(S.by_k, mV),
          "sh": floats(S.sh)}
one_to_one = Synapses(source, target, 'y : volt (linked)')
one_to_one.connect(j='i + 2')
one_to_one.y = linked_var(source, 'x')
S.by_j[0] = 9*mV
run(0.2*ms)
result = {"before": before, "v": floats(target.v, mV), "one_to_one": floats(one_to_one.y, mV)}
"""

# Each case runs in a fresh scope with these groups; see ERRORS below.
ERROR_SETUP = """
G = NeuronGroup(4, '''v : volt
                      x : volt''', threshold='True', reset='')
H = NeuronGroup(5, '''v : volt
                      y : 1''')
"""

ERROR_CASES = {
    "linked_without_index_of_other_size": (
        "S = Synapses(G, H, 'q : volt (linked)'); S.connect(); S.q = linked_var(H, 'v')"
    ),
    "linked_to_unknown_variable": (
        "S = Synapses(G, H, 'q : volt (linked)'); S.connect(); S.q = linked_var(H, 'nothing')"
    ),
    "linked_assigned_a_value": ("S = Synapses(G, H, 'q : volt (linked)'); S.connect(); S.q = 3*mV"),
    "linked_assigned_after_linking": (
        "S = Synapses(G, H, 'q : volt (linked)'); S.connect(); "
        "S.q = linked_var(H, 'v', index='j'); S.q = 3*mV"
    ),
    "linked_with_an_index_array": (
        "S = Synapses(G, H, 'q : volt (linked)'); S.connect(); "
        "S.q = linked_var(H, 'v', index=np.arange(20) % 5)"
    ),
    "linked_with_another_unit": (
        "S = Synapses(G, H, 'q : 1 (linked)'); S.connect(); S.q = linked_var(H, 'v', index='j')"
    ),
    "linked_but_not_declared_linked": (
        "S = Synapses(G, H, 'q : volt'); S.connect(); S.q = linked_var(H, 'v', index='j')"
    ),
    "linked_with_an_unknown_index": (
        "S = Synapses(G, H, 'q : volt (linked)'); S.connect(); "
        "S.q = linked_var(H, 'v', index='nothing')"
    ),
    "linked_with_a_float_index": (
        "S = Synapses(G, H, 'q : volt (linked)\\nw : 1'); S.connect(); "
        "S.q = linked_var(H, 'v', index='w')"
    ),
    "linked_with_an_index_not_per_synapse": (
        "S = Synapses(G, H, 'q : volt (linked)'); S.connect(); "
        "S.q = linked_var(H, 'v', index='N_incoming')"
    ),
    "linked_to_a_synaptic_variable": (
        "W = Synapses(G, H, 'w : volt'); W.connect(); "
        "S = Synapses(G, H, 'q : volt (linked)'); S.connect(); S.q = linked_var(W, 'w')"
    ),
    "summed_onto_a_variable_linked_with_index": (
        "L = NeuronGroup(8, 'z : 1 (linked)'); L.z = linked_var(H, 'y', index=np.arange(8) % 5);"
        " S = Synapses(G, L, 'z_post = 1 : 1 (summed)')"
    ),
    "summed_onto_an_unlinked_variable": (
        "L = NeuronGroup(5, 'z : 1 (linked)'); S = Synapses(G, L, 'z_post = 1 : 1 (summed)')"
    ),
    "two_summed_variables_through_a_link": (
        "L = NeuronGroup(5, 'z : 1 (linked)'); L.z = linked_var(H, 'y'); "
        "S1 = Synapses(G, H, 'y_post = 1 : 1 (summed)'); S1.connect(); "
        "S2 = Synapses(G, L, 'z_post = 1 : 1 (summed)'); S2.connect(); "
        "Network(G, H, L, S1, S2).run(0*ms)"
    ),
    "two_summed_variables_onto_one_variable": (
        "S1 = Synapses(G, H, 'y_post = 1 : 1 (summed)'); S1.connect(); "
        "S2 = Synapses(G, H, 'y_post = 1 : 1 (summed)'); S2.connect(); "
        "Network(G, H, S1, S2).run(0*ms)"
    ),
    "summed_onto_overlapping_subgroups": (
        "S1 = Synapses(G, H[:3], 'y_post = 1 : 1 (summed)'); S1.connect(); "
        "S2 = Synapses(G, H[2:], 'y_post = 1 : 1 (summed)'); S2.connect(); "
        "Network(G, H, S1, S2).run(0*ms)"
    ),
    "synaptic_variable_named_like_a_postsynaptic_one": "Synapses(G, H, 'y : 1')",
    "synaptic_variable_named_like_a_presynaptic_one": "Synapses(G, H, 'x : volt')",
    "variable_named_with_pre": "Synapses(G, H, 'w_pre : 1')",
    "equation_named_with_post": "Synapses(G, H, 'dw_post/dt = -w_post/ms : 1 (clock-driven)')",
    "shared_subexpression_of_a_synaptic_variable": (
        "Synapses(G, H, '''w : 1\ns = w + 1 : 1 (shared)''')"
    ),
    "shared_subexpression_of_a_postsynaptic_variable": (
        "Synapses(G, H, 's = y_post + 1 : 1 (shared)')"
    ),
    "pre_and_on_pre": "Synapses(G, H, pre='y_post += 1', on_pre='y_post += 2')",
    "synapses_as_source": (
        "W = Synapses(G, H, 'w : 1'); W.connect(); Synapses(W, H, on_pre='y += 1')"
    ),
    "on_post_onto_synapses": (
        "W = Synapses(G, H, 'w : 1'); W.connect(); "
        "Synapses(G, W, on_pre='w_post += 1', on_post='v_pre += 1*mV')"
    ),
    "generator_condition_on_the_result_outside": (
        "S = Synapses(G, H); S.connect(j='k for k in range(i-3, i+4) if j != i')"
    ),
    "generator_outside_without_condition": (
        "S = Synapses(G, H); S.connect(j='k for k in range(i, i+3)')"
    ),
    "connect_n_as_float": "S = Synapses(G, H); S.connect(n=2.0)",
    "generator_range_of_a_float": "S = Synapses(G, H); S.connect(j='k for k in range(2.0)')",
    "connect_index_arrays_of_floats": "S = Synapses(G, H); S.connect(i=[0.0, 1.0], j=[1, 2])",
}

ERRORS = (
    """
from SIMULATOR import *
KINDS = (ValueError, TypeError, KeyError, IndexError, NotImplementedError, SyntaxError,
         DimensionMismatchError, AttributeError)
SETUP = """
    + repr(ERROR_SETUP)
    + """
CASES = """
    + repr(ERROR_CASES)
    + """
result = {}
for name, code in CASES.items():
    start_scope()
    namespace = dict(globals())
    exec(SETUP, namespace)
    try:
        exec(code, namespace)
        result[name] = "none"
    except Exception as error:
        cause = error.__cause__
        if type(error).__name__ == "BrianObjectException" and cause is not None:
            error = cause
        result[name] = [kind.__name__ for kind in KINDS if isinstance(error, kind)]
"""
)

SCRIPTS = {
    "linked_plasticity": LINKED_PLASTICITY,
    "synapses_on_synapses": SYNAPSES_ON_SYNAPSES,
    "summed_onto_synapses": SUMMED_ONTO_SYNAPSES,
    "generator_if": GENERATOR_IF,
    "pre_post_keywords": PRE_POST_KEYWORDS,
    "link_variants": LINK_VARIANTS,
    "errors": ERRORS,
}

brian2_results, engine = side_by_side.fixtures_for(SCRIPTS)


def assert_same(ours, theirs):
    side_by_side.assert_same_result(ours, theirs, DT_MS)


def test_a_linked_learning_rate_and_linked_membrane_potential_in_inhibitory_plasticity(
    brian2_results,
):
    theirs, ours = brian2_results["linked_plasticity"], engine("linked_plasticity")
    assert len(theirs["spikes"]["i"]) > 10  # the model does spike, and the rate is learnt
    assert theirs["w"] != sorted(theirs["w"])
    assert_same(ours, theirs)


def test_modulating_synapses_change_the_weights_of_other_synapses(brian2_results):
    theirs, ours = brian2_results["synapses_on_synapses"], engine("synapses_on_synapses")
    assert theirs["weights"] == 6
    assert theirs["modulating_j"] == [0, 2, 4, 1, 3, 5]
    assert_same(ours, theirs)


def test_a_summed_variable_onto_synapses(brian2_results):
    assert engine("summed_onto_synapses") == brian2_results["summed_onto_synapses"]


def test_the_generator_applies_its_condition_as_brian2_does(brian2_results):
    assert_same(engine("generator_if"), brian2_results["generator_if"])


def test_the_deprecated_pre_and_post_keywords(brian2_results):
    with pytest.warns(DeprecatedKeywordWarning, match="deprecated"):  # Brian 2 logs it
        ours = engine("pre_post_keywords")
    assert_same(ours, brian2_results["pre_post_keywords"])


def test_links_by_index_variable_group_of_one_shared_and_one_to_one(brian2_results):
    assert_same(engine("link_variants"), brian2_results["link_variants"])


@pytest.mark.parametrize("case", sorted(ERROR_CASES))
def test_raises_the_exception_brian2_raises(brian2_results, case):
    theirs = brian2_results["errors"][case]
    assert theirs not in ("none", []), f"Brian 2 gives {theirs} for {ERROR_CASES[case]}"
    ours = engine("errors")[case]
    assert ours != "none", f"the engine accepts {ERROR_CASES[case]}"
    # A script catching Brian 2's exception catches the engine's (which may also be, e.g., a
    # ValueError as every ModelError is).
    assert set(theirs) <= set(ours), (ours, theirs)
