"""Rendering: a `Comparison` and its `Summary` laid out as JSON, terminal text, tables and HTML.

Renderers only read; nothing here computes an alignment fact.
"""
