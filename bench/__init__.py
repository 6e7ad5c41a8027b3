"""Benchmarks. ``make bench`` (``python -m bench [name ...]``) prints one JSON line per metric:
``{"bench", "metric", "value", "unit", "target"}``. Results and the machine: docs/benchmarks.md."""
