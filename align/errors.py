"""The tool's own error: a message for the user, never a traceback."""


class AlignError(Exception):
    """Bad input or a failed output; the message is one line naming the file."""


class AlignWarning(UserWarning):
    """Input read with a repair (bytes that were not UTF-8...) or with no text."""
