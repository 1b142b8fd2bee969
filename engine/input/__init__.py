"""Input stimuli: Poisson sources, given spike times, time-varying values, Python operations.

Brian 2's input objects: `PoissonGroup`, `SpikeGeneratorGroup`, `PoissonInput`, `TimedArray`,
`BinomialFunction`, and `NetworkOperation` with its decorator `network_operation`.
"""

from engine.input.binomial import BinomialFunction
from engine.input.operations import NetworkOperation, network_operation
from engine.input.poissongroup import PoissonGroup
from engine.input.poissoninput import PoissonInput
from engine.input.spikegenerator import SpikeGeneratorGroup
from engine.input.timedarray import TimedArray

__all__ = [
    "BinomialFunction",
    "NetworkOperation",
    "PoissonGroup",
    "PoissonInput",
    "SpikeGeneratorGroup",
    "TimedArray",
    "network_operation",
]
