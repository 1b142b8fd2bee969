"""Package list for setuptools; all other metadata lives in pyproject.toml.

The top-level ``resources/`` folder (icons, stylesheets) is installed as the package
``app.resources``, ``examples/`` (the bundled example projects) as ``app.examples``, and the
user guide in ``docs/`` (its pages and pictures) as ``app.docs``, so the application finds them
with ``importlib.resources`` both from a source checkout (editable install) and from an
installed wheel.
"""

from setuptools import find_namespace_packages, find_packages, setup
from setuptools.command.build_py import build_py

#: Packages that are data only: their Python files (docs/make_screenshots.py) stay out.
DATA_ONLY = ("app.docs", "app.docs.images")

#: Folders of data inside packages. Python can import them (as namespace packages), so they are
#: declared as packages of their own: otherwise setuptools warns that each "would be ignored".
DATA_FOLDERS = {
    "engine.codegen.numpy.templates": ["*.py_"],
    "app.examples.thumbnails": ["*.png"],
}


class BuildPy(build_py):
    """Build the packages, leaving out the modules of data-only packages."""

    def find_package_modules(self, package: str, package_dir: str) -> list:
        if package in DATA_ONLY:
            return []
        return super().find_package_modules(package, package_dir)


resource_packages = [
    "app.resources",
    *(f"app.resources.{sub}" for sub in find_namespace_packages(where="resources")),
]

setup(
    cmdclass={"build_py": BuildPy},
    packages=[
        *find_packages(include=["app", "app.*", "engine", "engine.*"]),
        *resource_packages,
        "app.examples",
        *DATA_ONLY,
        *DATA_FOLDERS,
    ],
    package_dir={"app.resources": "resources", "app.examples": "examples", "app.docs": "docs"},
    package_data={
        **{package: ["*.svg", "*.png", "*.qss"] for package in resource_packages},
        "app.examples": ["*.spikecanvas", "*.md"],
        "app.docs": ["*.md"],
        "app.docs.images": ["*.png"],
        "engine": ["py.typed"],
        **DATA_FOLDERS,
    },
)
