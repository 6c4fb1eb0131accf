"""storyline: news articles -> an evidence-linked record of who said what, where, when, how many."""

from storyline.config import Settings
from storyline.errors import ConfigError, InputError, MissingExtraError, StoreError, StorylineError
from storyline.model import Document, RawInput

__all__ = [
    "ConfigError",
    "Document",
    "InputError",
    "MissingExtraError",
    "RawInput",
    "Settings",
    "StoreError",
    "StorylineError",
]
__version__ = "0.1.0"
