"""align: compare two renderings of the same text, sentence by sentence and word by word."""

__all__ = ["AlignError", "compare", "compare_texts", "__version__"]

# Type checkers see the package's names; at run time `__getattr__` imports them.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from align.errors import AlignError
    from align.pipeline import compare, compare_texts
    from align.version import __version__

#: Where each of the package's names lives.
_HOMES = {
    "AlignError": "align.errors",
    "__version__": "align.version",
    "compare": "align.pipeline",
    "compare_texts": "align.pipeline",
}


def __getattr__(name: str) -> object:
    # Every name is imported when first asked for, and nothing at all here (not
    # even `typing`), so that the command line starts at once and its entry
    # point (`align.entry`) takes Ctrl-C from its first moment.
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'align' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value
