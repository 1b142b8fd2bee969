"""Project files: what loads, what is refused (and why), how saving protects the user's work."""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.project import (
    NeuronGroupNode,
    Project,
    ProjectFileError,
    SynapsesNode,
    dumps,
    fileio,
    load,
    loads,
    save,
)
from engine.project.document import FORMAT_VERSION

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.spikecanvas"))
CUBA = Path(__file__).resolve().parents[2] / "examples" / "cuba.spikecanvas"


def cuba_data() -> dict:
    return json.loads(CUBA.read_text())


def problems_of(text: str | bytes) -> list[str]:
    with pytest.raises(ProjectFileError) as caught:
        loads(text, filename="broken.spikecanvas")
    return [str(p) for p in caught.value.problems]


# -- round trips ------------------------------------------------------------------------------


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_every_example_loads_saves_and_reloads_to_an_identical_document(path, tmp_path):
    project = load(path)
    copy = tmp_path / path.name
    save(project, copy)
    assert load(copy) == project
    # Saving what was loaded changes no byte: files stay diff-friendly.
    assert copy.read_text() == path.read_text()


def test_the_examples_are_found():
    assert CUBA in EXAMPLES


def test_a_file_is_readable_json_with_one_block_per_node_and_one_line_per_edge():
    text = CUBA.read_text()
    data = json.loads(text)
    assert list(data)[:2] == ["format_version", "title"]
    assert data["format_version"] == FORMAT_VERSION
    for node in data["nodes"]:
        assert list(node)[:3] == ["kind", "id", "name"]
    edge_lines = [line.strip() for line in text.splitlines() if '"role"' in line]
    assert len(edge_lines) == len(data["edges"])
    assert '"model": "dv/dt  = (ge+gi-(v-El))/taum : volt (unless refractory)\\n' in text


def test_numbers_typed_in_a_file_become_the_text_of_fields():
    data = cuba_data()
    data["nodes"][0]["N"] = 4000
    assert loads(json.dumps(data)).nodes[0].N == "4000"


def test_new_nodes_get_distinct_ids():
    ids = {NeuronGroupNode(name="G").id for _ in range(100)}
    assert len(ids) == 100


# -- broken files -----------------------------------------------------------------------------


def mutated(change) -> str:
    data = cuba_data()
    change(data)
    return json.dumps(data)


BROKEN = {
    "truncated JSON": (CUBA.read_text()[:200], "not valid JSON: "),
    "empty file": ("", "the file is empty"),
    "not an object": ("[1, 2]", "a JSON array instead of an object"),
    "binary noise": (bytes(range(256)) * 4, "not a text file"),
    "no format version": (
        mutated(lambda d: d.pop("format_version")),
        "format_version: there is no format_version",
    ),
    "format version from the future": (
        mutated(lambda d: d.update(format_version=FORMAT_VERSION + 1)),
        "written by a newer SpikeCanvas (format version 2; this one reads versions up to 1)",
    ),
    "format version of the wrong type": (
        mutated(lambda d: d.update(format_version="1")),
        "format_version: '1' is not a format version",
    ),
    "unknown node kind": (
        mutated(lambda d: d["nodes"][1].update(kind="Dendrite")),
        "nodes[1].kind (node 'Ce'): unknown node kind 'Dendrite'",
    ),
    "node without kind": (
        mutated(lambda d: d["nodes"][1].pop("kind")),
        "nodes[1] (node 'Ce'): a node needs a 'kind'",
    ),
    "missing field": (
        mutated(lambda d: d["nodes"][0].pop("name")),
        "nodes[0].name: this field is missing",
    ),
    "wrong type": (
        mutated(lambda d: d["nodes"][0].update(threshold=["v > Vt"])),
        "nodes[0].threshold (node 'P'): should be a valid string, not array",
    ),
    "boolean for a number": (
        mutated(lambda d: d["nodes"][0].update(N=True)),
        "nodes[0].N (node 'P'): should be a valid string, not true",
    ),
    "misspelt field": (
        mutated(lambda d: d["nodes"][0].update(treshold="v > Vt")),
        "nodes[0].treshold (node 'P'): unknown field",
    ),
    "invalid name": (
        mutated(lambda d: d["nodes"][0].update(name="exc neurons")),
        "nodes[0].name (node 'exc neurons'): 'exc neurons' is not a valid name",
    ),
    "keyword as name": (
        mutated(lambda d: d["constants"][0].update(name="lambda")),
        "constants[0].name: 'lambda' is a Python keyword",
    ),
    "duplicate names": (
        mutated(lambda d: d["nodes"][1].update(name="P")),
        "nodes[1].name: the name 'P' is already used by nodes[0]",
    ),
    "node named like a constant": (
        mutated(lambda d: d["nodes"][1].update(name="taum")),
        "nodes[1].name: the name 'taum' is already used by constants[0]",
    ),
    "duplicate ids": (
        mutated(lambda d: d["nodes"][2].update(id="Ce")),
        "nodes[2].id: the id 'Ce' is also that of nodes[1]",
    ),
    "dangling edge": (
        mutated(lambda d: d["edges"][0].update(source="ghost")),
        "edges[0].source: there is no node with id 'ghost'",
    ),
    "edge of the wrong role": (
        mutated(lambda d: d["edges"].append({"source": "spikes", "target": "P", "role": "pre"})),
        "edges[7]: a SpikeMonitor ('spikes') cannot be connected to a NeuronGroup ('P') as 'pre'",
    ),
    "unknown role": (
        mutated(lambda d: d["edges"][0].update(role="feeds")),
        "edges[0].role: should be 'pre', 'post', 'record' or 'drive', not \"feeds\"",
    ),
    "two presynaptic groups": (
        mutated(lambda d: d["edges"].append({"source": "P", "target": "Ce", "role": "pre"})),
        "edges[7]: the same edge appears twice",
    ),
    "spike monitor on synapses": (
        mutated(
            lambda d: d["edges"].append({"source": "Ce", "target": "spikes", "role": "record"})
        ),
        "edges[7]: a Synapses ('Ce') cannot be connected to a SpikeMonitor ('spikes')",
    ),
    "NaN position": (
        CUBA.read_text().replace('"position": [0.0, 0.0]', '"position": [NaN, 0.0]', 1),
        "NaN is not allowed in a project file",
    ),
    "deeply nested": ("[" * 100000 + "]" * 100000, "it is not a project"),
    "a key written twice": (
        CUBA.read_text().replace('"threshold": "v>Vt",', '"threshold": "v>Vt", "threshold": "1",'),
        "nodes[0].threshold (node 'P'): this key is written more than once",
    ),
    "an initial value of a private attribute": (
        mutated(lambda d: d["nodes"][0]["initial"].update(_name="x")),
        "nodes[0].initial (node 'P'): '_name' starts with an underscore",
    ),
    "an initial value of a name with code": (
        mutated(lambda d: d["nodes"][0]["initial"].update({"v; import os": "1"})),
        "nodes[0].initial (node 'P'): 'v; import os' is not a valid name",
    ),
    "a recorded variable that is not a name": (
        mutated(lambda d: d["nodes"][4]["variables"].append("v\nimport os")),
        "nodes[4].variables[1] (node 'trace'): 'v\nimport os' is not a valid name",
    ),
    "an input's target that is not a name": (
        mutated(
            lambda d: d["nodes"].append(
                {"kind": "PoissonInput", "id": "x", "name": "x", "target_var": "__class__"}
            )
        ),
        "nodes[6].target_var (node 'x'): '__class__' starts with an underscore",
    ),
    "a negative seed": (
        mutated(lambda d: d["run"].update(seed=-1)),
        "run.seed: Input should be greater than or equal to 0",
    ),
    "a seed beyond 32 bits": (
        mutated(lambda d: d["run"].update(seed=2**32)),
        "run.seed: Input should be less than or equal to 4294967295",
    ),
}


@pytest.mark.parametrize("case", BROKEN, ids=list(BROKEN))
def test_a_broken_file_is_refused_with_its_specific_problem(case):
    text, expected = BROKEN[case]
    problems = problems_of(text)
    assert any(expected in p for p in problems), problems


def test_every_problem_of_a_file_is_reported_at_once():
    def several(d):
        d["nodes"][0]["N"] = None
        d["nodes"][1]["kind"] = "Axon"
        d["run"]["seed"] = "one"

    problems = problems_of(mutated(several))
    assert len(problems) == 3, problems


def test_an_equation_that_tries_to_run_python_is_only_text_and_runs_nothing(tmp_path):
    marker = tmp_path / "pwned"
    attack = f"__import__('os').system('touch {marker}')"
    data = cuba_data()
    data["nodes"][0]["model"] = attack
    data["constants"][0]["value"] = attack
    project = loads(json.dumps(data))
    assert project.nodes[0].model == attack  # kept as typed, for the user to fix
    assert not marker.exists()


def test_a_two_second_check_of_a_fifty_megabyte_file_of_noise(tmp_path):
    noise = tmp_path / "noise.spikecanvas"
    noise.write_bytes(os.urandom(50 * 2**20))
    with pytest.raises(ProjectFileError, match="not a text file"):
        load(noise)


def test_a_file_beyond_the_size_limit_is_not_read(tmp_path, monkeypatch):
    monkeypatch.setattr(fileio, "MAX_FILE_BYTES", 1000)
    with pytest.raises(ProjectFileError, match="far larger than any project"):
        load(CUBA)


def test_a_missing_file_is_a_file_error(tmp_path):
    with pytest.raises(ProjectFileError, match="No such file"):
        load(tmp_path / "absent.spikecanvas")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=300) | st.text(max_size=300))
def test_the_loader_raises_nothing_but_its_own_error_on_any_input(data):
    with contextlib.suppress(ProjectFileError):
        loads(data)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    path=st.sampled_from(
        [("nodes", 0), ("nodes", 1, "connect"), ("edges", 0), ("run",), ("constants", 0), ()]
    ),
    key=st.sampled_from(["name", "kind", "id", "role", "p", "seed", "source", "N", "x"]),
    value=JSON_VALUES,
)
def test_the_loader_raises_nothing_but_its_own_error_on_mangled_projects(path, key, value):
    data = cuba_data()
    target = data
    for step in path:
        target = target[step]
    target[key] = value
    with contextlib.suppress(ProjectFileError):
        loads(json.dumps(data))


# -- versions ---------------------------------------------------------------------------------


def test_files_of_older_format_versions_are_migrated(monkeypatch):
    # Pretend the current format is version 2, in which notes became a list of lines.
    def to_version_2(data):
        data["notes"] = data["notes"].upper()
        return data

    monkeypatch.setattr(fileio, "FORMAT_VERSION", 2)
    monkeypatch.setitem(fileio.MIGRATIONS, 1, to_version_2)
    project = loads(CUBA.read_text())
    assert project.notes.startswith("EXCITATION AND INHIBITION")


def test_a_version_without_a_migration_is_refused(monkeypatch):
    monkeypatch.setattr(fileio, "FORMAT_VERSION", 3)
    assert "can no longer be read" in problems_of(CUBA.read_text())[0]


# -- saving -----------------------------------------------------------------------------------


def test_saving_replaces_the_file_atomically_and_leaves_no_temporary_file(tmp_path):
    path = tmp_path / "net.spikecanvas"
    save(Project(title="first"), path)
    save(Project(title="second"), path)
    assert load(path).title == "second"
    assert [p.name for p in tmp_path.iterdir()] == ["net.spikecanvas"]


def test_a_failed_save_keeps_the_previous_file(tmp_path, monkeypatch):
    path = tmp_path / "net.spikecanvas"
    save(Project(title="kept"), path)

    def crash(*args):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="disk full"):
        save(Project(title="lost"), path)
    assert load(path).title == "kept"
    assert [p.name for p in tmp_path.iterdir()] == ["net.spikecanvas"]


def test_text_survives_exactly_whatever_it_contains():
    model = "dv/dt = -v/tau : 1  # ünïcode, \"quotes\", '''triple''', back\\slash\n\ttab"
    project = Project(nodes=[SynapsesNode(name="S", model=model)])
    assert loads(dumps(project)).nodes[0].model == model
