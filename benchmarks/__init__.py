"""Throughput and memory benchmarks, as ratios against bare spaCy on the same input in the same process."""
