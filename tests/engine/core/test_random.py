"""seed() makes runs reproducible bit for bit; without it runs differ."""

import numpy as np

from engine.core import Network
from engine.groups import NeuronGroup
from engine.monitors import SpikeMonitor
from engine.rng import seed
from engine.units import ms


def noisy_run():
    group = NeuronGroup(
        50,
        "dv/dt = (1.2 - v)/(10*ms) + 0.3*xi/ms**0.5 : 1",
        threshold="v > 1",
        reset="v = rand()*0.5",
        method="euler",
    )
    group.v = "rand()"
    monitor = SpikeMonitor(group)
    Network(group, monitor).run(50 * ms)
    return monitor.i.copy(), monitor.t_.copy(), group.v[:].copy()


def test_the_same_seed_gives_the_same_run_bit_for_bit():
    seed(42)
    first = noisy_run()
    seed(42)
    second = noisy_run()
    for a, b in zip(first, second, strict=True):
        assert np.array_equal(a, b)


def test_different_seeds_give_different_runs():
    seed(1)
    first = noisy_run()
    seed(2)
    second = noisy_run()
    assert not np.array_equal(first[2], second[2])


def test_seed_also_seeds_numpy_for_scripts():
    seed(5)
    a = np.random.rand(3)  # noqa: NPY002  (what scripts use)
    seed(5)
    assert np.array_equal(np.random.rand(3), a)  # noqa: NPY002
