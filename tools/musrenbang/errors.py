"""The one error type that stops a command: it carries an Indonesian message for the user."""


class MusrenbangError(Exception):
    """A usage or environment error; the CLI prints it and exits with code 2."""
