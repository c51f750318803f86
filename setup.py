"""The one thing pyproject.toml cannot say: the top-level voices/ folder ships as audiopaper.voices.

Packages are found as namespaces too, so data folders (normalize/data, segment/data …) ship with
the package-data patterns of pyproject.toml.
"""

from setuptools import find_namespace_packages, setup

setup(
    packages=[*find_namespace_packages(include=["audiopaper", "audiopaper.*"],
                                       exclude=["*.__pycache__"]), "audiopaper.voices"],
    package_dir={"audiopaper.voices": "voices"},
)
