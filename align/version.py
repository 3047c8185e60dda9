"""The version of align (one place; the package, the outputs and the ledger read it)."""

__version__ = "0.1.0"
