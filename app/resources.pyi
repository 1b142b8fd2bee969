# The type of the package app.resources, which setup.py installs from the top-level resources/
# folder: a type checker reading the source tree does not find it under app/.
from pathlib import Path

def path(*parts: str) -> Path: ...
