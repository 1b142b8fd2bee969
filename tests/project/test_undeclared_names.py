"""Validation of a name the model does not declare: how to declare it first, then close names.

The window and ``spikecanvas validate`` show validation's messages: the issue was a teacher's
``I`` (an input current) answered only with "Did you mean 'i'?" (the neuron's index).
"""

from engine.project import NeuronGroupNode, Project, SynapsesNode, validate
from engine.project.document import Constant, Edge


def project(model: str, on_pre: str = "v_post += 1*mV") -> Project:
    return Project(
        constants=[Constant(name="tau", value="10*ms"), Constant(name="R", value="100*Mohm")],
        nodes=[
            NeuronGroupNode(id="n", name="neurons", N="5", model=model, threshold="v > 1*mV"),
            SynapsesNode(id="s", name="syn", on_pre=on_pre),
        ],
        edges=[
            Edge(source="n", target="s", role="pre"),
            Edge(source="s", target="n", role="post"),
        ],
    )


def test_an_undeclared_current_is_to_be_declared_in_amp_before_any_close_name():
    (error,) = [d for d in validate(project("dv/dt = (R*I - v)/tau : volt"))]
    assert (error.node_id, error.field, error.line, error.column) == ("n", "model", 1, 12)
    assert error.message == (
        "The identifier 'I' in 'neurons' could not be resolved. Declare it: add 'I : amp' to "
        "the equations, or define a constant 'I'. Did you mean 'i'?"
    )


def test_a_synaptic_weight_gets_the_unit_of_what_it_is_added_to():
    (error,) = validate(project("dv/dt = -v/tau : volt", on_pre="v_post += weight"))
    assert (error.node_id, error.field) == ("s", "on_pre")
    assert "Declare it: add 'weight : volt' to the equations, or define a constant" in (
        error.message
    )
