"""The one thing pyproject.toml cannot say: the top-level voices/ folder ships as audiopaper.voices."""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["audiopaper", "audiopaper.*"]), "audiopaper.voices"],
    package_dir={"audiopaper.voices": "voices"},
)
