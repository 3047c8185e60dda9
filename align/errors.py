"""The tool's own error: a message for the user, never a traceback."""


class AlignError(Exception):
    """Bad input or a failed output; the message is one line naming the file."""
