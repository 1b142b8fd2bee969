"""Stored network states are data, checked before use (issue 18, item 2).

`Network.restore` takes a state from memory or from an HDF5 file anyone may have made. These
tests craft such files with h5py — arrays of the wrong shape or type, synapse indices and spike
queue entries out of range, NaN and negative times, broken clocks and random states, links to
other files, data kept outside the file, virtual datasets, unknown filters, a decompression
bomb, truncated and foreign files — and check that each is refused with an error naming the
file, the state and the dataset, before anything in the network changes. On the cython target
an index out of range used to write out of bounds (or crash the interpreter): that case runs
in a subprocess, whose exit status shows it ends with a clean error.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import h5py
import numpy as np
import pytest

from engine import (
    Network,
    NeuronGroup,
    PoissonGroup,
    PopulationRateMonitor,
    SpikeGeneratorGroup,
    SpikeMonitor,
    StateMonitor,
    Synapses,
    ms,
    seed,
)
from engine import rng as engine_rng
from engine.codegen.cython import build as cython_build
from engine.core.hdf5_checks import BOMB_BYTES, MAX_RATIO
from engine.core.stored_state import StoredStateError
from engine.units import Hz

ROOT = Path(__file__).resolve().parents[2]


# -- a network with every kind of stored state ---------------------------------------------------


def build() -> Network:
    """Neurons, synapses (one pathway from a subgroup), inputs and every kind of monitor."""
    G = NeuronGroup(
        20,
        """dv/dt = (1.5 - v)/(10*ms) : 1 (unless refractory)
        k : integer
        flag : boolean""",
        threshold="v > 1",
        reset="v = 0",
        refractory=2 * ms,
        method="exact",
        name="G",
    )
    G.v = "1.2*rand()"
    G.k = "i"
    S = Synapses(G, G, "w : 1", on_pre="v += w", name="S")
    S.connect(p=0.3)
    S.w = "0.05*rand()"
    S.delay = "2*ms + 8*ms*rand()"  # events queued at the store
    gen = SpikeGeneratorGroup(3, [0, 1, 2, 0], [1, 2, 3, 7] * ms, name="gen")
    S2 = Synapses(gen, G[10:20], on_pre="v += 0.3", name="S2")
    S2.connect(i=[0, 1, 2], j=[0, 4, 9])
    poisson = PoissonGroup(4, 50 * Hz, name="poisson")
    spikes = SpikeMonitor(G, name="spikes")
    trace = StateMonitor(G, "v", record=[0, 5], name="trace")
    rate = PopulationRateMonitor(G, name="rate")
    return Network(G, S, gen, S2, poisson, spikes, trace, rate)


def stored(tmp_path: Path) -> tuple[Network, Path]:
    """A network stored in a file at 5 ms, then run on: it now differs from the stored state."""
    seed(1)
    net = build()
    net.run(5 * ms)
    path = tmp_path / "state.h5"
    net.store("default", filename=path)
    net.run(2 * ms)
    engine_rng.generator().random(3)
    assert len(net["S_pre"].queue.pending()[0]), "the stored queue must hold events"
    assert len(net["spikes"].i), "the stored monitor must have recorded spikes"
    return net, path


def snapshot(net: Network) -> dict[str, Any]:
    """Everything a restore may change: arrays, time, clocks, random state (plain values)."""
    arrays = {key: np.array(value).tolist() for key, value in net._state_arrays().items()}
    clocks = {obj.clock.name: int(obj.clock.timestep[0]) for obj in net.sorted_objects}
    return {
        "arrays": arrays,
        "t": net.t_,
        "clocks": clocks,
        "random": plain(engine_rng.get_state()),
    }


def plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, np.ndarray):
        return value.tolist()
    return value


def refused(net: Network, path: Path, *parts: str, name: str = "default") -> StoredStateError:
    """Restore must raise StoredStateError with ``parts`` in its message and change nothing."""
    before = snapshot(net)
    with pytest.raises(StoredStateError) as caught:
        net.restore(name, filename=path, restore_random_state=True)
    message = str(caught.value)
    for part in (f"'{path}'", *parts):
        assert part in message
    assert snapshot(net) == before
    return caught.value


def replace(path: Path, key: str, values: Any, state: str = "default") -> None:
    with h5py.File(path, "r+") as file:
        del file[state][key]
        file[state].create_dataset(key, data=values)


def changed(key: str, change: Callable[[np.ndarray], Any]) -> Callable[[Path], None]:
    """A crafting step: read ``key``, change a copy, write it back in place of the original."""

    def craft(path: Path) -> None:
        with h5py.File(path, "r") as file:
            values = file["default"][key][()]
        copy = values.copy()
        result = change(copy)
        replace(path, key, copy if result is None else result)

    return craft


def at(index: Any, value: Any) -> Callable[[np.ndarray], None]:
    def change(values: np.ndarray) -> None:
        values[index] = value

    return change


def edit(action: Callable[[h5py.Group], Any]) -> Callable[[Path], None]:
    """A crafting step: ``action`` on the stored state's group, the file open for writing."""

    def craft(path: Path) -> None:
        with h5py.File(path, "r+") as file:
            action(file["default"])

    return craft


def attribute(key: str, text: Any) -> Callable[[Path], None]:
    def craft(path: Path) -> None:
        with h5py.File(path, "r+") as file:
            file["default"].attrs[key] = text

    return craft


def random_state(change: Callable[[dict], None]) -> Callable[[Path], None]:
    def craft(path: Path) -> None:
        with h5py.File(path, "r+") as file:
            state = json.loads(file["default"].attrs["__random__"])
            change(state)
            file["default"].attrs["__random__"] = json.dumps(state)

    return craft


# -- the baseline: a stored state comes back exactly -------------------------------------------


def test_a_stored_file_restores_exactly_what_was_stored(tmp_path):
    seed(1)
    net = build()
    net.run(5 * ms)
    at_store = snapshot(net)
    path = tmp_path / "state.h5"
    net.store("default", filename=path)
    net.run(2 * ms)
    engine_rng.generator().random(3)
    assert snapshot(net) != at_store
    net.restore("default", filename=path, restore_random_state=True)
    assert snapshot(net) == at_store
    net.run(2 * ms)  # and it runs on


def test_each_variable_is_stored_once_under_its_own_name(tmp_path):
    _, path = stored(tmp_path)
    with h5py.File(path, "r") as file:
        names = set(file["default"])
    assert {"S._synaptic_pre", "S._synaptic_post", "S.w", "S_pre.queue_delays"} <= names
    # 'i', 'j' and the '_...synaptic_idx' of a synapse are _synaptic_pre/post by other names:
    # one copy, so a file cannot give the same array two different values.
    assert not names & {"S.i", "S.j", "S._presynaptic_idx", "S._postsynaptic_idx", "S.i_pre"}


def test_a_file_of_the_older_layout_with_every_name_of_a_variable_restores(tmp_path):
    net, path = stored(tmp_path)
    with h5py.File(path, "r+") as file:
        state = file["default"]
        for alias, name in (
            ("i", "_synaptic_pre"),
            ("_presynaptic_idx", "_synaptic_pre"),
            ("j", "_synaptic_post"),
            ("_postsynaptic_idx", "_synaptic_post"),
        ):
            state.create_dataset(f"S.{alias}", data=state[f"S.{name}"][()])
        expected = state["S._synaptic_post"][()]
    net.restore(filename=path)
    np.testing.assert_array_equal(net["S"].j[:], expected)


# -- arrays that do not fit ------------------------------------------------------------------------

CRAFTED = {
    # synapses: indices of neurons, one count for every per-synapse array, counts per neuron
    "pre-out-of-range": (
        changed("S._synaptic_pre", at(0, 9999)),
        "S._synaptic_pre",
        "index 9999 is outside group 'G' (N = 20)",
    ),
    "post-negative": (
        changed("S._synaptic_post", at(-1, -1)),
        "S._synaptic_post",
        "index -1 is outside group 'G'",
    ),
    "post-outside-subgroup": (
        changed("S2._synaptic_post", at(0, 3)),
        "S2._synaptic_post",
        "index 3 is outside the subgroup [10, 20) of 'G'",
    ),
    "pre-as-floats": (
        changed("S._synaptic_pre", lambda a: a.astype(np.float64)),
        "S._synaptic_pre",
        "holds values of type 'float64', but '_synaptic_pre' holds integers",
    ),
    "pre-beyond-int32": (
        changed("S._synaptic_pre", lambda a: a.astype(np.int64) + 2**40),
        "S._synaptic_pre",
        "outside the range of int32",
    ),
    "weights-one-short": (
        changed("S.w", lambda a: a[:-1]),
        "S.w",
        "values, but 'S._synaptic_pre' has",
    ),
    "synapse-count": (changed("S.N", lambda a: a + 1), "S.N", "synapses are stored"),
    "incoming-counts": (
        changed("S.N_incoming", at(0, 77)),
        "S.N_incoming",
        "does not count the stored synapses",
    ),
    "outgoing-counts-length": (
        changed("S.N_outgoing", lambda a: a[:-1]),
        "S.N_outgoing",
        "has 19 values, not 20",
    ),
    "delay-nan": (changed("S.delay", at(0, np.nan)), "S.delay", "times must be finite"),
    "delay-negative": (changed("S.delay", at(0, -1e-3)), "S.delay", "times must be finite"),
    "delay-infinite": (changed("S.delay", at(0, np.inf)), "S.delay", "times must be finite"),
    # the spike queue: synapses that exist, steps within the queue the delays make
    "queue-synapse": (
        changed("S_pre.queue_synapses", lambda a: np.full_like(a, 10**6)),
        "S_pre.queue_synapses",
        "index 1000000 is outside the",
    ),
    "queue-synapse-negative": (
        changed("S_pre.queue_synapses", at(0, -5)),
        "S_pre.queue_synapses",
        "index -5 is outside the",
    ),
    "queue-steps-negative": (
        changed("S_pre.queue_delays", at(0, -1)),
        "S_pre.queue_delays",
        "index -1 is outside the queue of",
    ),
    "queue-steps-huge": (
        changed("S_pre.queue_delays", at(0, 10**12)),
        "S_pre.queue_delays",
        "is outside the queue of",
    ),
    "queue-lengths": (
        changed("S_pre.queue_delays", lambda a: a[:-1]),
        "S_pre.queue_",
        "queued events",
    ),
    "queue-steps-as-floats": (
        changed("S_pre.queue_delays", lambda a: a.astype(float)),
        "S_pre.queue_delays",
        "holds values of type 'float64'",
    ),
    # neurons: shapes and types of the variables, the spike space, last spike times
    "shape": (
        changed("G.v", lambda a: np.append(a, 0.0)),
        "G.v",
        "has shape (21,), but 'v' needs shape (20)",
    ),
    "two-dimensional": (
        changed("G.v", lambda a: a.reshape(4, 5)),
        "G.v",
        "has shape (4, 5)",
    ),
    "scalar": (changed("G.v", lambda a: a[0]), "G.v", "has shape ()"),
    "boolean-as-integers": (
        changed("G.not_refractory", lambda a: a.astype(np.int8)),
        "G.not_refractory",
        "holds values of type 'int8', but 'not_refractory' holds booleans",
    ),
    "integer-as-floats": (
        changed("G.k", lambda a: a.astype(float) + 0.5),
        "G.k",
        "but 'k' holds integers",
    ),
    "integer-overflow": (
        changed("G.k", lambda a: a.astype(np.int64) * 2**33),
        "G.k",
        "outside the range of int32",
    ),
    "boolean-as-floats": (
        changed("G.flag", lambda a: a.astype(float)),
        "G.flag",
        "but 'flag' holds booleans",
    ),
    "float-as-integers": (
        changed("G.v", lambda a: a.astype(np.int64)),
        "G.v",
        "but 'v' holds floating-point numbers",
    ),
    "spike-count": (changed("G._spikespace", at(-1, 21)), "G._spikespace", "counts 21 events"),
    "spike-index": (
        changed("G._spikespace", lambda a: np.r_[np.full(20, 99), 1]),
        "G._spikespace",
        "index 99 is outside 'G' (N = 20)",
    ),
    "spikes-twice": (
        changed("G._spikespace", lambda a: np.r_[[3, 3], np.zeros(18), 2].astype(np.int32)),
        "G._spikespace",
        "out of order or twice",
    ),
    "lastspike-nan": (changed("G.lastspike", at(3, np.nan)), "G.lastspike", "the time nan"),
    "unknown-variable": (
        edit(lambda group: group.create_dataset("G.tau", data=np.ones(20))),
        "G.tau",
        "'G' has no variable 'tau' that a stored state sets",
    ),
    "constant-variable": (
        edit(lambda group: group.create_dataset("G.i", data=np.arange(20, dtype=np.int32))),
        "G.i",
        "'G' has no variable 'i' that a stored state sets",
    ),
    "missing": (edit(lambda group: group.__delitem__("G.v")), "G.v", "missing"),
    "alias-disagrees": (
        edit(lambda group: group.create_dataset("S.i", data=np.zeros(1, np.int32))),
        "S.i",
        "'S.i'",
    ),
    # monitors: recorded elements of the source, one length, times finite and not negative
    "monitor-index": (
        changed("spikes.i", at(0, 20)),
        "spikes.i",
        "index 20 is outside 'G' (N = 20)",
    ),
    "monitor-time-negative": (
        changed("spikes.t", at(0, -1.0)),
        "spikes.t",
        "times must be finite and not negative",
    ),
    "monitor-time-infinite": (
        changed("spikes.t", at(0, np.inf)),
        "spikes.t",
        "times must be finite",
    ),
    "monitor-lengths": (
        changed("spikes.t", lambda a: a[:-1]),
        "spikes.",
        "records",
    ),
    "monitor-count-negative": (
        changed("spikes.count", at(0, -3)),
        "spikes.count",
        "negative number of events",
    ),
    "recorded-elements": (
        changed("trace._indices", at(1, 6)),
        "trace._indices",
        "differs from what 'trace' records",
    ),
    "recorded-width": (
        changed("trace.v", lambda a: a[:, :1]),
        "trace.v",
        "needs shape (any, 2)",
    ),
    "rate-lengths": (
        changed("rate.rate", lambda a: a[:-2]),
        "rate.rate",
        "values, but 'rate.t' has",
    ),
    # spike generators: neurons of the group, times in order, a cursor within the list
    "generator-neuron": (
        changed("gen._neuron_index", at(0, 3)),
        "gen._neuron_index",
        "index 3 is outside 'gen' (N = 3)",
    ),
    "generator-order": (
        changed("gen._spike_time", lambda a: a[::-1]),
        "gen._spike_time",
        "not sorted by time",
    ),
    "generator-cursor": (
        changed("gen._lastindex", at(0, 5)),
        "gen._lastindex",
        "index 5 is outside the 4 spikes",
    ),
    "generator-period": (changed("gen._period", at(0, np.nan)), "gen._period", "negative"),
    # time, clocks and random state
    "time-nan": (attribute("__t__", "NaN"), "__t__", "is not valid JSON"),
    "time-negative": (attribute("__t__", "-1"), "__t__", "the time is -1.0"),
    "time-infinite": (attribute("__t__", "1e400"), "__t__", "must be finite"),
    "time-too-many-steps": (attribute("__t__", "1e300"), "__t__", "more steps"),
    "time-text": (attribute("__t__", '"0.1"'), "__t__", "not a number"),
    "time-not-text": (
        attribute("__t__", np.arange(3)),
        "__t__",
        "'__t__' of 'default' is not text",
    ),
    "time-missing": (
        edit(lambda group: group.attrs.__delitem__("__t__")),
        "__t__",
        "'__t__' of 'default' is missing",
    ),
    "clock-step-negative": (
        attribute("__clocks__", '{"defaultclock": [-1, 0.0001]}'),
        "__clocks__",
        "steps are whole numbers",
    ),
    "clock-step-fraction": (
        attribute("__clocks__", '{"defaultclock": [1.5, 0.0001]}'),
        "__clocks__",
        "steps are whole numbers",
    ),
    "clock-dt": (
        attribute("__clocks__", '{"defaultclock": [50, 0]}'),
        "__clocks__",
        "must be finite and positive",
    ),
    "clocks-not-a-table": (attribute("__clocks__", "[1, 2]"), "__clocks__", "not a table"),
    "random-position": (
        random_state(lambda s: s["numpy"]["state"].__setitem__("pos", 700)),
        "__random__",
        "the MT19937 position is 700",
    ),
    "random-key": (
        random_state(lambda s: s["numpy"]["state"]["key"].__setitem__("__array__", [1, 2])),
        "__random__",
        "624 unsigned 32-bit integers",
    ),
    "random-key-type": (
        random_state(lambda s: s["numpy"]["state"]["key"].__setitem__("dtype", "object")),
        "__random__",
        "unknown type 'object'",
    ),
    "random-increment": (
        random_state(lambda s: s["engine"]["state"].__setitem__("inc", 2)),
        "__random__",
        "increment is even",
    ),
    "random-state-range": (
        random_state(lambda s: s["engine"]["state"].__setitem__("state", 2**200)),
        "__random__",
        "the PCG64 'state'",
    ),
    "random-generator": (
        random_state(lambda s: s["engine"].__setitem__("bit_generator", "Philox")),
        "__random__",
        "not a PCG64 state",
    ),
    "random-extra-field": (
        random_state(lambda s: s["engine"].__setitem__("evil", 1)),
        "__random__",
        "exactly the fields",
    ),
    "random-too-long": (
        attribute("__random__", " " * 2**21),
        "__random__",
        "is longer than 1.0 MiB",
    ),
    "random-too-deep": (attribute("__random__", "[" * 100_000), "__random__", "is not valid JSON"),
}


@pytest.mark.parametrize("case", list(CRAFTED))
def test_a_crafted_state_is_refused_and_changes_nothing(tmp_path, case):
    craft, dataset, problem = CRAFTED[case]
    net, path = stored(tmp_path)
    craft(path)
    error = refused(net, path, "state 'default'", problem)
    kind = "attribute" if dataset.startswith("__") else "dataset"
    assert f"{kind} '{dataset}" in str(error)
    net.run(1 * ms)  # the network is intact and runs on


def test_a_bad_dataset_at_the_end_leaves_every_variable_the_time_and_the_random_state(tmp_path):
    net, path = stored(tmp_path)
    last = net.objects[-1].name  # the last object restore checks (in the network's order)
    assert last == "rate"
    with h5py.File(path, "r") as file:
        keys = [key for key in file["default"] if key.startswith(f"{last}.")]
    changed(keys[-1], lambda a: np.append(a, a[:1]) if a.ndim == 1 else a[:, :1])(path)
    current = snapshot(net)
    error = refused(net, path, "state 'default'", f"dataset '{last}.")
    assert snapshot(net) == current
    assert error.filename == str(path)
    assert error.state == "default"
    assert error.dataset.startswith(f"{last}.")


def test_a_state_kept_in_memory_is_checked_too():
    seed(1)
    net = build()
    net.run(5 * ms)
    net.store()
    net.run(1 * ms)
    net._stored["default"]["S._synaptic_post"][0] = 10**8
    before = snapshot(net)
    with pytest.raises(
        StoredStateError, match="stored state 'default', dataset 'S._synaptic_post'"
    ):
        net.restore()
    assert snapshot(net) == before
    with pytest.raises(KeyError, match="nothing"):
        net.restore("nothing")


# -- files that are not plain data ----------------------------------------------------------------


def test_an_external_link_is_refused_without_opening_the_other_file(tmp_path):
    net, path = stored(tmp_path)
    other = tmp_path / "other.h5"
    with h5py.File(other, "w") as file:
        file["v"] = np.full(20, 0.5)
    with h5py.File(path, "r+") as file:
        del file["default/G.v"]
        file["default/G.v"] = h5py.ExternalLink(str(other), "/v")
    refused(net, path, "dataset 'G.v'", "is an external link", "other.h5")


def test_a_state_that_is_itself_a_link_is_refused(tmp_path):
    net, path = stored(tmp_path)
    with h5py.File(path, "r+") as file:
        file["alias"] = h5py.SoftLink("/default")
        file["elsewhere"] = h5py.ExternalLink(str(tmp_path / "other.h5"), "/default")
    refused(net, path, "is a soft link", name="alias")
    refused(net, path, "is an external link", name="elsewhere")


def test_a_soft_link_is_refused(tmp_path):
    net, path = stored(tmp_path)
    with h5py.File(path, "r+") as file:
        del file["default/G.v"]
        file["default/G.v"] = h5py.SoftLink("/default/G.lastspike")
    refused(net, path, "dataset 'G.v'", "is a soft link")


def test_a_group_linked_into_itself_is_refused(tmp_path):
    net, path = stored(tmp_path)
    with h5py.File(path, "r+") as file:
        file["default"]["loop"] = file["default"]
    refused(net, path, "links back to a group already seen")


def test_external_storage_is_refused(tmp_path):
    net, path = stored(tmp_path)
    raw = tmp_path / "raw.bin"
    raw.write_bytes(np.full(20, 0.25).tobytes())
    with h5py.File(path, "r+") as file:
        del file["default/G.v"]
        file["default"].create_dataset("G.v", (20,), np.float64, external=[(str(raw), 0, 160)])
    refused(net, path, "dataset 'G.v'", "external storage")


def test_a_virtual_dataset_is_refused(tmp_path):
    net, path = stored(tmp_path)
    source = tmp_path / "source.h5"
    with h5py.File(source, "w") as file:
        file["v"] = np.full(20, 0.25)
    layout = h5py.VirtualLayout((20,), np.float64)
    layout[:] = h5py.VirtualSource(str(source), "v", (20,))
    with h5py.File(path, "r+") as file:
        del file["default/G.v"]
        file["default"].create_virtual_dataset("G.v", layout)
    refused(net, path, "dataset 'G.v'", "virtual dataset")


def test_a_filter_that_h5py_does_not_write_by_default_is_refused(tmp_path):
    net, path = stored(tmp_path)
    with h5py.File(path, "r+") as file:
        del file["default/G.k"]
        file["default"].create_dataset("G.k", data=np.arange(20, dtype=np.int32), scaleoffset=0)
    refused(net, path, "dataset 'G.k'", "HDF5 filter 6")


def test_the_standard_filters_are_read(tmp_path):
    net, path = stored(tmp_path)
    with h5py.File(path, "r") as file:
        values = file["default/G.v"][()]
    with h5py.File(path, "r+") as file:
        del file["default/G.v"]
        file["default"].create_dataset(
            "G.v", data=values, chunks=(5,), compression="lzf", shuffle=True, fletcher32=True
        )
    net.restore(filename=path)
    np.testing.assert_array_equal(net["G"].v_[:], values)


def bomb(path: Path, key: str, written: bool) -> None:
    """Put a 6 GiB gzip-compressed dataset of zeros at ``key``: each 8 MiB chunk compressed
    once and written directly (``written``), or no chunk at all (all read as the fill value)."""
    chunk = 2**20  # float64 values: 8 MiB
    count = 6 * 2**30 // (8 * chunk)
    compressed = zlib.compress(bytes(8 * chunk), 9)
    with h5py.File(path, "r+") as file:
        del file["default"][key]
        dataset = file["default"].create_dataset(
            key, shape=(count * chunk,), dtype=np.float64, chunks=(chunk,), compression="gzip"
        )
        if written:
            for k in range(count):
                dataset.id.write_direct_chunk((k * chunk,), compressed)


@pytest.mark.parametrize("written", [True, False], ids=["compressed-zeros", "unwritten-chunks"])
def test_a_decompression_bomb_is_refused_before_anything_is_read(tmp_path, monkeypatch, written):
    net, path = stored(tmp_path)
    bomb(path, "spikes.t", written)
    size = path.stat().st_size
    assert size < 8 * 2**20  # the file stays small...
    assert MAX_RATIO * size < 6 * 2**30  # ...and declares 6 GiB
    assert BOMB_BYTES < 6 * 2**30
    reads = []
    original = h5py.Dataset.__getitem__

    def spy(self, item):
        reads.append(self.name)
        return original(self, item)

    monkeypatch.setattr(h5py.Dataset, "__getitem__", spy)
    refused(net, path, "out of proportion", "spikes.t")
    assert reads == []


def test_a_truncated_file_is_refused(tmp_path):
    net, path = stored(tmp_path)
    data = path.read_bytes()
    for length in (0, 100, len(data) // 2, len(data) - 1):
        path.write_bytes(data[:length])
        refused(net, path)


def test_damaged_bytes_in_a_file_give_a_clean_error_or_a_checked_state(tmp_path):
    """Overwrite parts of a stored file: whatever the HDF5 library makes of it, restore either
    refuses it (the network unchanged) or restores a state that passed every check."""
    net, path = stored(tmp_path)
    original = path.read_bytes()
    generator = np.random.default_rng(5)
    outcomes = {"refused": 0, "restored": 0}
    for _ in range(40):
        data = bytearray(original)
        # Half of the damage in the first 8 kB, where HDF5 keeps most of its metadata.
        end = 8192 if generator.random() < 0.5 else len(data)
        start = int(generator.integers(0, min(end, len(data)) - 16))
        data[start : start + 16] = generator.integers(0, 256, 16, dtype=np.uint8).tobytes()
        path.write_bytes(bytes(data))
        before = snapshot(net)
        try:
            net.restore(filename=path)
        except (StoredStateError, KeyError):  # KeyError: the state's name itself was damaged
            assert snapshot(net) == before
            outcomes["refused"] += 1
        else:
            outcomes["restored"] += 1
    assert outcomes["refused"] > 0
    assert outcomes["restored"] > 0  # bytes no reader needs (free space, unused metadata)


@pytest.mark.parametrize(
    ("content", "problem"),
    [(b"", "not an HDF5 file"), (b"\x89HDF\r\n\x1a\n" + bytes(600), ""), (b"x" * 4096, "HDF5")],
    ids=["empty", "signature-only", "text"],
)
def test_a_file_that_is_not_hdf5_is_refused(tmp_path, content, problem):
    net, path = stored(tmp_path)
    path.write_bytes(content)
    refused(net, path, problem)


def test_a_folder_or_a_pipe_is_refused_without_waiting(tmp_path):
    net, _ = stored(tmp_path)
    refused(net, tmp_path, "is a folder")
    pipe = tmp_path / "pipe.h5"
    os.mkfifo(pipe)  # opening it for reading would wait for a writer forever
    refused(net, pipe, "not a regular file")


def test_a_missing_file_or_state_keeps_its_error(tmp_path):
    net, path = stored(tmp_path)
    with pytest.raises(FileNotFoundError):
        net.restore(filename=tmp_path / "missing.h5")
    with pytest.raises(KeyError, match="no stored state called 'other'"):
        net.restore("other", filename=path)


# -- on the cython target, in a process of its own ------------------------------------------------

CYTHON_SCRIPT = textwrap.dedent(
    """
    import sys
    import h5py
    from engine import Network, NeuronGroup, Synapses, ms, prefs, seed
    from engine.core.stored_state import StoredStateError

    prefs.codegen.target = "cython"
    seed(2)
    G = NeuronGroup(100, "dv/dt = (1.5 - v)/(10*ms) : 1", threshold="v > 1", reset="v = 0")
    G.v = "1.2*rand()"
    S = Synapses(G, G, "w : 1", on_pre="v += w", delay=1*ms)
    S.connect(p=0.1)
    S.w = 0.01
    net = Network(G, S)
    net.run(0.5*ms)
    net.store("default", filename=sys.argv[1])
    with h5py.File(sys.argv[1], "r+") as file:
        dataset = file["default"][sys.argv[2]]
        values = dataset[()]
        values[:] = int(sys.argv[3])
        dataset[...] = values
    try:
        net.restore("default", filename=sys.argv[1])
    except StoredStateError as error:
        print(error, file=sys.stderr)
        net.run(2*ms)  # the network, unchanged, runs on
        sys.exit(3)
    net.run(20*ms)  # with the indices out of range: writes out of bounds, or a crash
    """
)


@pytest.mark.skipif(
    cython_build.compiler_problem() is not None, reason="no C compiler for the cython target"
)
@pytest.mark.parametrize(
    ("dataset", "value", "problem"),
    [
        ("synapses._synaptic_post", 10**8, "index 100000000 is outside group"),
        ("synapses_pre.queue_synapses", 10**8, "index 100000000 is outside the"),
    ],
    ids=["synapse-target", "queued-synapse"],
)
def test_on_the_cython_target_indices_out_of_range_are_refused_before_a_run(
    tmp_path, dataset, value, problem
):
    script = tmp_path / "restore.py"
    script.write_text(CYTHON_SCRIPT)
    result = subprocess.run(
        [sys.executable, str(script), str(tmp_path / "state.h5"), dataset, str(value)],
        capture_output=True,
        text=True,
        timeout=240,
        cwd=ROOT,
    )
    assert result.returncode == 3, result.stderr[-2000:]  # not -11 (a crash), not 0 (silent)
    assert f"dataset '{dataset}'" in result.stderr
    assert problem in result.stderr
