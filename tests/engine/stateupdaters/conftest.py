"""An evaluator of abstract code on numpy arrays, to check integrators numerically.

These tests need only to run the statements an integrator produces, for many elements at once,
so a small tree walker over the functions' own numpy implementations (the function table)
suffices.
"""

import ast

import numpy as np
import pytest

from engine import rng
from engine.parsing.functions import DEFAULT_FUNCTIONS


class Evaluator:
    """Runs abstract code with the language's own numpy implementations (the function table).

    Random functions draw from the engine's generator, seeded with ``seed``.
    """

    def __init__(self, size, seed):
        self.size = size
        rng.seed(seed)
        self.functions = {
            name: self._implementation(spec)
            for name, spec in DEFAULT_FUNCTIONS.items()
            if spec.numpy is not None
        }

    def _implementation(self, spec):
        if spec.stateful:  # one value per element
            return lambda *arguments: spec.numpy(*arguments, self.size)
        return spec.numpy

    def value(self, node, names):
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, ast.Name):
            return names[node.id]
        if isinstance(node, ast.BinOp):
            a, b = self.value(node.left, names), self.value(node.right, names)
            return {
                ast.Add: np.add,
                ast.Sub: np.subtract,
                ast.Mult: np.multiply,
                ast.Div: np.true_divide,
                ast.FloorDiv: np.floor_divide,
                ast.Mod: np.mod,
                ast.Pow: np.power,
            }[type(node.op)](np.asarray(a, dtype=float), b)
        if isinstance(node, ast.UnaryOp):
            operand = self.value(node.operand, names)
            if isinstance(node.op, ast.Not):
                return np.logical_not(operand)
            return -operand if isinstance(node.op, ast.USub) else operand
        if isinstance(node, ast.Compare):
            op = {
                ast.Lt: np.less,
                ast.LtE: np.less_equal,
                ast.Gt: np.greater,
                ast.GtE: np.greater_equal,
                ast.Eq: np.equal,
                ast.NotEq: np.not_equal,
            }
            return op[type(node.ops[0])](
                self.value(node.left, names), self.value(node.comparators[0], names)
            )
        if isinstance(node, ast.BoolOp):
            combine = np.logical_and if isinstance(node.op, ast.And) else np.logical_or
            result = self.value(node.values[0], names)
            for other in node.values[1:]:
                result = combine(result, self.value(other, names))
            return result
        if isinstance(node, ast.Call):
            return self.functions[node.func.id](*(self.value(a, names) for a in node.args))
        raise AssertionError(f"cannot evaluate {ast.dump(node)}")

    def step(self, code, names):
        for statement in code.statements:
            value = self.value(statement.expr.tree, names)
            if statement.op == "=":
                names[statement.var] = value
            else:
                names[statement.var] = self.value(
                    ast.parse(f"{statement.var} {statement.op[:-1]} __rhs", mode="eval").body,
                    {**names, "__rhs": value},
                )


@pytest.fixture
def integrate():
    """``integrate(code, initial, constants, dt, steps, seed=0, t0=0)`` -> final state arrays.

    ``initial`` maps state variables to arrays (all of one size); the time ``t`` starts at
    ``t0`` and advances by ``dt`` after each step, as the network's clock does.
    """

    def run(code, initial, constants, dt, steps, seed=0, t0=0.0):
        size = len(next(iter(initial.values())))
        evaluator = Evaluator(size, seed)
        names = {**constants, **{k: np.array(v, dtype=float) for k, v in initial.items()}}
        names["dt"] = dt
        for step in range(steps):
            names["t"] = t0 + step * dt
            evaluator.step(code, names)
        return {k: np.broadcast_to(names[k], (size,)).copy() for k in initial}

    return run
