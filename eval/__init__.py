"""Accuracy gates: scorers from newsprobe.evaluation run on the shared gold data, with pinned floors."""
