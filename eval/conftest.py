"""Gates share the unit tests' fixtures (``shared_data``, ``analyzer``)."""

from tests.conftest import analyzer, shared_data

__all__ = ["analyzer", "shared_data"]
