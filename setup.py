"""Packages found, not listed: every rectxl.* folder, and the two data folders the package ships
(the repository's templates/ and workbook/, installed as rectxl/_data/…; see pyproject.toml)."""

from setuptools import find_packages, setup

setup(packages=[*find_packages(include=["rectxl", "rectxl.*"]), "rectxl._data.templates", "rectxl._data.workbook"])
