"""The REST API and the web application around it (``create_app``); ``newsprobe serve`` runs it."""

from newsprobe.api.app import create_app

__all__ = ["create_app"]
