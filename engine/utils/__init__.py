"""Utilities of Brian 2's ``brian2.utils``: the logger (`engine.utils.logger`)."""

from engine.public_names import public_names
from engine.utils.logger import BrianLogger as BrianLogger
from engine.utils.logger import get_logger as get_logger
from engine.utils.logger import std_silent as std_silent

__all__ = public_names("engine.utils")
