"""One exception tree for everything storyline raises on purpose.

    StorylineError
     ├── InputError        an input could not be read or parsed (names the input, and line)
     ├── StoreError        the database refused or is unusable
     ├── ConfigError       a setting or a user file (aliases) is wrong
     └── MissingExtraError an optional engine is not installed (names the install command)
"""

from __future__ import annotations


class StorylineError(Exception):
    """Root of every error storyline raises deliberately."""


class InputError(StorylineError):
    """An input that cannot be turned into an article."""

    def __init__(self, origin: str, problem: str) -> None:
        super().__init__(f"{origin}: {problem}")
        self.origin = origin
        self.problem = problem

    def __reduce__(self) -> tuple[type[InputError], tuple[str, str]]:
        return (InputError, (self.origin, self.problem))  # worker processes send errors back

    def __eq__(self, other: object) -> bool:
        return isinstance(other, InputError) and (self.origin, self.problem) == (other.origin, other.problem)

    def __hash__(self) -> int:
        return hash((self.origin, self.problem))


class StoreError(StorylineError):
    """The store could not do what was asked; nothing was half-written."""


class ConfigError(StorylineError):
    """A setting or a user-supplied file is invalid."""


class MissingExtraError(StorylineError):
    """An optional dependency is missing."""

    def __init__(self, what: str, extra: str) -> None:
        super().__init__(f"{what} needs the '{extra}' extra: pip install 'storyline[{extra}]'")
        self.what, self.extra = what, extra

    def __reduce__(self) -> tuple[type[MissingExtraError], tuple[str, str]]:
        return (MissingExtraError, (self.what, self.extra))
