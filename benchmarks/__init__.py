"""Benchmarks for `align`: synthetic book pairs, real Bible pairs, scoring, baselines.

Run the scripts from the repository root as modules, e.g.
``python -m benchmarks.run_books`` (see benchmarks/README.md).
"""
