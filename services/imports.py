"""Importing a CSV file (fee tables, the bank's payments): refusing a file with errors, and
importing a previewed upload only once."""

from datetime import datetime, timedelta

from models.security import UsedToken

ONCE_FOR = timedelta(hours=2)  # how long a previewed upload stays importable, and claimed
MAX_PROBLEMS = 30  # the CLI lists this many of a file's problems


class NotImported(Exception):
    """The file has errors, or no rows: nothing was imported. `problems` lists each error
    (the file's first, then each line's); it is empty for a file with only its header."""

    def __init__(self, message: str, result):
        super().__init__(message)
        self.problems = list(result.file_errors) + [
            f"línea {row.line}: {error}" for row in result.rows for error in row.errors
        ]


class AlreadyImported(Exception):
    """This previewed upload was imported before (a second tap, or a second tab)."""


def _key(staged_as: str) -> str:
    return f"import:{staged_as}"


def claim(staged_as: str, now: datetime) -> bool:
    """True for the first import of a staged upload (call inside the import's transaction)."""
    return UsedToken.use(_key(staged_as), now + ONCE_FOR)


def was_imported(staged_as: str) -> bool:
    return UsedToken.select().where(UsedToken.token == _key(staged_as)).exists()
