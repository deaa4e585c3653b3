"""One exception root for the converter; every message names the file (and line when known)."""

from __future__ import annotations

from pathlib import Path


class GeneratorError(Exception):
    """Root of every error the converter raises on purpose."""


class SourceError(GeneratorError):
    """A problem with one input file, located as ``path:line: message``."""

    def __init__(
        self, path: Path | str, message: str, line: int | None = None, column: int | None = None
    ):
        self.path = Path(path)
        self.line = line
        self.column = column
        self.message = message
        super().__init__(str(self))

    def __reduce__(self):
        # Errors travel back from worker processes; rebuild from the fields, not from args.
        return type(self), (self.path, self.message, self.line, self.column)

    def __str__(self) -> str:
        where = str(self.path)
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.message}"


class SidecarError(SourceError):
    """An editor's sidecar ``seeds/<name>.yml`` is malformed or names unknown fields."""


class ConfigError(GeneratorError):
    """The converter was called with settings that cannot work."""


class CollisionError(GeneratorError):
    """Two inputs would be written to the same output."""
