"""Input stimuli: Poisson sources, given spike times, time-varying values, Python operations.

Brian 2's input objects: `PoissonGroup`, `SpikeGeneratorGroup`, `PoissonInput`, `TimedArray`,
`BinomialFunction`, and `NetworkOperation` with its decorator `network_operation`.
"""

# Its public names are the engine's (`engine.public_names`): re-exported explicitly here.
from engine.input.binomial import BinomialFunction as BinomialFunction
from engine.input.operations import NetworkOperation as NetworkOperation
from engine.input.operations import network_operation as network_operation
from engine.input.poissongroup import PoissonGroup as PoissonGroup
from engine.input.poissoninput import PoissonInput as PoissonInput
from engine.input.spikegenerator import SpikeGeneratorGroup as SpikeGeneratorGroup
from engine.input.timedarray import TimedArray as TimedArray
from engine.public_names import public_names

__all__ = public_names("engine.input")
