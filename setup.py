"""Package list for setuptools; all other metadata lives in pyproject.toml.

The top-level ``resources/`` folder (icons, stylesheets) is installed as the package
``app.resources``, and ``examples/`` (the bundled example projects) as ``app.examples``, so the
application finds them with ``importlib.resources`` both from a source checkout (editable
install) and from an installed wheel.
"""

from setuptools import find_namespace_packages, find_packages, setup

resource_packages = [
    "app.resources",
    *(f"app.resources.{sub}" for sub in find_namespace_packages(where="resources")),
]

setup(
    packages=[
        *find_packages(include=["app", "app.*", "engine", "engine.*"]),
        *resource_packages,
        "app.examples",
    ],
    package_dir={"app.resources": "resources", "app.examples": "examples"},
    package_data={
        **{package: ["*.svg", "*.png", "*.qss"] for package in resource_packages},
        "app.examples": ["*.spikecanvas", "*.md"],
        "engine": ["py.typed"],
        "engine.codegen.numpy": ["templates/*.py_"],
    },
)
