"""The spike queue delivers each synapse's event after its delay, in push order."""

import numpy as np
import pytest

from engine.codegen.cython import build as cython_build
from engine.synapses import SpikeQueue
from engine.synapses.compiled_queue import compiled_push


def drain(queue, steps):
    return [queue.pop().tolist() for _ in range(steps)]


def test_events_arrive_after_their_delay_in_push_order():
    queue = SpikeQueue(0, 3)
    sources = np.array([2, 0, 1, 0])  # synapse s starts at neuron sources[s]
    queue.prepare(np.array([0, 2, 1, 2]), sources)
    queue.push(np.array([0, 2]))
    assert drain(queue, 3) == [[0], [], [1, 3]]
    queue.push(np.array([1]))
    assert drain(queue, 2) == [[], [2]]


def test_one_delay_for_all_synapses():
    queue = SpikeQueue(0, 2)
    queue.prepare(np.array([1]), np.array([0, 1, 0]))
    queue.push(np.array([1]))
    queue.pop()
    queue.push(np.array([0]))
    assert drain(queue, 2) == [[1], [0, 2]]


def test_a_subgroup_source_ignores_other_neurons():
    queue = SpikeQueue(10, 12)
    queue.prepare(np.array([0]), np.array([10, 11, 11]))
    queue.push(np.array([3, 11, 12]))
    assert drain(queue, 1) == [[1, 2]]


def test_buckets_grow_for_many_events():
    queue = SpikeQueue(0, 1000)
    queue.prepare(np.array([0]), np.arange(1000))
    queue.push(np.arange(1000))
    assert drain(queue, 1) == [list(range(1000))]


def test_queued_events_survive_preparing_again_and_storing():
    queue = SpikeQueue(0, 2)
    queue.prepare(np.array([3, 1]), np.array([0, 1]))
    queue.push(np.array([0, 1]))
    queue.pop()
    state = queue.state()
    assert state["delays"].tolist() == [0, 2]
    assert state["synapses"].tolist() == [1, 0]
    # A new run with a time step half as long: the events keep their times.
    queue.prepare(np.array([6, 2]), np.array([0, 1]), rescale=2.0)
    assert drain(queue, 5) == [[1], [], [], [], [0]]
    queue.restore(state)
    assert drain(queue, 3) == [[1], [], [0]]


@pytest.mark.skipif(compiled_push() is None, reason="no compiled code here")
@pytest.mark.parametrize(("start", "stop", "homogeneous"), [(0, 60, False), (20, 50, True)])
def test_the_compiled_push_fills_the_buckets_as_numpy_does(start, stop, homogeneous):
    generator = np.random.default_rng(4)
    sources = generator.integers(start, stop, 3000)
    delays = np.array([3]) if homogeneous else generator.integers(0, 7, len(sources))
    queues = [SpikeQueue(start, stop), SpikeQueue(start, stop)]
    for queue in queues:
        queue.prepare(delays, sources)
    queues[1].use_compiled(compiled_push())
    delivered = [[], []]
    for _ in range(40):
        events = np.sort(generator.choice(70, generator.integers(0, 40), replace=False))
        for queue, arrived in zip(queues, delivered, strict=True):
            queue.push(events.astype(np.int32))  # buckets grow on the way
            arrived.append(queue.pop().tolist())
    assert delivered[1] == delivered[0]
    assert sum(map(len, delivered[0])) > 1000


def test_a_spike_queue_that_cannot_be_compiled_warns_and_pushes_with_numpy(monkeypatch):
    def failing(source):
        raise cython_build.CompileError("the C compiler failed (exit status 1):\nno space left")

    monkeypatch.setattr(cython_build, "compiler_problem", lambda: None)
    monkeypatch.setattr(cython_build, "build_module", failing)
    compiled_push.cache_clear()
    try:
        with pytest.warns(RuntimeWarning, match="(?s)runs on numpy.*no space left"):
            assert compiled_push() is None
    finally:
        compiled_push.cache_clear()
