"""Across articles: one speaker in many articles, one quote in many articles, and which outlets relay which.

Pure functions over ``models`` objects (``speakers``, ``tracing``, ``citations``); the store keeps what they
need between runs (``newsprobe.store.corpus_tables``). Nothing here loads spaCy.
"""
