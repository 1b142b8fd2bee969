"""What a kind's spec says of its size and memory is what build and the budget use.

A kind's `count` names the argument of its engine class that is a number of elements, which
build checks; its `cost` is the memory `engine.project.budget` counts for its nodes. Both are
read from the registry, so the toy kind of ``tests/toy_kind.py`` (registered with a count and a
cost of its own) is checked and counted without build or the budget naming it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest
import toy_kind
from toy_kind import KIND, ToySourceNode

from engine.project import BuildError, kinds
from engine.project.budget import Budget, budget_problems, estimate
from engine.project.budget_values import Cost
from engine.project.build import build
from engine.project.document import Project
from engine.project.kinds import Count, KindSpec


def _toy_cost(node: ToySourceNode, budget: Budget) -> list[Cost]:
    size = budget.sizes.get(node.id)
    if size is None:
        return []
    return [Cost(node.id, "N", size * 1e6, f"for {size:g} toys", False, "Fewer toys")]


@pytest.fixture
def register():
    """Register the toy kind with other slots while the test runs."""
    registered: list[str] = []

    def _register(**slots: object) -> KindSpec[ToySourceNode]:
        spec = dataclasses.replace(toy_kind.SPEC, **slots)
        kinds.register(spec)
        registered.append(spec.kind)
        return spec

    yield _register
    for kind in registered:
        kinds.unregister(kind)


def toys(n: str) -> Project:
    return Project(nodes=[ToySourceNode(id="toy", name="toy", N=n)])


def costs(project: Project) -> Iterator[tuple[str, str | None, float]]:
    return ((cost.node_id, cost.field, cost.bytes) for cost in estimate(project))


def test_the_budget_counts_what_a_kinds_cost_says(register):
    register(cost=_toy_cost)
    assert list(costs(toys("3"))) == [("toy", "N", 3e6)]


def test_a_kind_without_a_cost_takes_no_memory_in_the_budget(register):
    register()
    assert list(costs(toys("3"))) == []


def test_a_kinds_cost_over_the_memory_is_an_error_at_its_field(register):
    register(cost=_toy_cost)
    [problem] = budget_problems(toys("3"), available=1e6)
    assert (problem.node_id, problem.field, problem.severity) == ("toy", "N", "error")
    assert "for 3 toys" in problem.message
    assert problem.message.endswith("Fewer toys.")


def test_build_checks_the_argument_a_kinds_count_names(register):
    register(count=Count(0, minimum=5))
    with pytest.raises(BuildError) as raised:
        build(toys("3"))
    error = raised.value
    assert (error.node_id, error.field) == ("toy", "N")
    assert error.message == "N must be at least 5, not 3"


def test_a_count_within_its_bounds_is_passed_on_as_a_whole_number(register):
    register(count=Count(0, minimum=5))
    assert len(build(toys("6.0")).objects["toy"]) == 6


def test_without_a_count_build_leaves_the_argument_to_the_engine_class(register):
    register()
    assert len(build(toys("3")).objects["toy"]) == 3


def test_the_bundled_groups_count_their_first_argument():
    for kind in kinds.GROUP_KINDS:
        assert kinds.spec(kind).count == Count(0), kind
    assert KIND not in kinds.GROUP_KINDS  # the toy is registered by the tests above only
