"""Pure functions over a spaCy Doc that yield newsprobe models."""
