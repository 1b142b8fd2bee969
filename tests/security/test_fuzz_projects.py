"""Fuzzing the loader, and validate-then-run, with hypothesis.

Two promises, for any input:

* opening a file gives a `Project` or a `ProjectFileError`, never another exception;
* `validate` returns diagnostics (it never raises); `run` refuses with `InvalidProjectError`
  exactly when validation reports an error, and otherwise builds — it may only fail while
  simulating (`RunError`); `export_script` gives a script or a `BuildError`.
"""

from __future__ import annotations

import contextlib
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from security.hostile_inputs import base_data, every_field, with_value

from engine.project import (
    BuildError,
    InvalidProjectError,
    ProjectFileError,
    RunError,
    export_script,
    loads,
    validate,
)
from engine.project.runner import run

FIELDS = every_field()

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False)
    | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)


def replace_at(data: dict, place: tuple, value: object) -> dict:
    owner = data
    for key in place[:-1]:
        owner = owner[key]
    owner[place[-1]] = value
    return data


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(field=st.sampled_from(FIELDS), value=json_values)
def test_a_file_with_any_value_anywhere_opens_or_is_refused_cleanly(field, value):
    _, place, _ = field
    text = json.dumps(replace_at(base_data(), place, value))
    with contextlib.suppress(ProjectFileError):
        loads(text)


@settings(max_examples=200)
@given(st.binary(max_size=300) | st.text(max_size=300))
def test_any_bytes_open_or_are_refused_cleanly(data):
    with contextlib.suppress(ProjectFileError):
        loads(data)


# Values that mean something in some field: numbers at the limits, units, model text, lists,
# conditions, statements, and mistakes.
VALUES = [
    "",
    "0",
    "1",
    "-1",
    "0.5",
    "2**63",
    "2**31",
    "1e400",
    "1e-300",
    "nan",
    "inf",
    "10*ms",
    "0*ms",
    "-1*ms",
    "1e9*second",
    "1*mV",
    "5*Hz",
    "1e12*Hz",
    "v",
    "w",
    "tau",
    "rand()",
    "randn()",
    "t",
    "i",
    "j",
    "N",
    "True",
    "False",
    "1/0",
    "1 % 0",
    "0**-1",
    "10.0**400",
    "exp(1000)",
    "log(0)",
    "v > 0.5",
    "v = 0",
    "v += 1",
    "v = v/0",
    "dv/dt = -v/tau : 1",
    "dv/dt = -v/tau : 1 (unless refractory)",
    "dv/dt = -v/(0*ms) : 1",
    "x : volt",
    ": volt",
    "v : 1\nv : 1",
    "(1 - v)/(tau*(t > 2*ms))",
    "[0, 1]",
    "[]",
    "[1, 2]*ms",
    "[-1]",
    "[1e30]",
    "[[0, 1], [1, 0]]",
    "stim(t)",
    "stim(t, i)",
    "k for k in range(N_post)",
    "k for k in range(-5, 5)",
    "i == j",
    "euler",
    "exact",
    "nonsense",
    "f_exp",
    "_idx",
    "__import__('os')",
]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    changes=st.lists(
        st.tuples(st.sampled_from(FIELDS), st.sampled_from(VALUES)), min_size=1, max_size=3
    )
)
def test_run_refuses_exactly_what_validate_reports(changes):
    data = base_data()
    for (_, place, shape), value in changes:
        data = with_value(data, place, shape, value)
    try:
        project = loads(json.dumps(data))
    except ProjectFileError:
        return
    errors = [d for d in validate(project) if d.severity == "error"]
    refused: InvalidProjectError | None = None
    try:
        run(project, duration="1*ms")
    except InvalidProjectError as error:
        refused = error
    except RunError:
        pass  # failing while simulating is allowed: validation cannot foresee the numbers
    except BuildError as error:
        raise AssertionError(f"validate found no error, but the build failed: {error}") from error
    if errors:
        assert refused is not None, "run accepted a project that validate refuses"
        assert [d.message for d in refused.diagnostics] == [d.message for d in errors]
    else:
        assert refused is None, "run refused a project that validate found no error in"
    with contextlib.suppress(BuildError):
        export_script(project)
