"""Progress bars on stderr (rich), shown only on a terminal so logs and pipes stay clean."""

from __future__ import annotations

import sys

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

stderr = Console(stderr=True, soft_wrap=True)  # one error, one line: greppable


def progress(enabled: bool | None = None) -> Progress:
    show = sys.stderr.isatty() if enabled is None else enabled
    return Progress(
        SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=stderr, transient=True, disable=not show,
    )
