"""`parley run`'s progress bar, fed by the progress log records the flows emit.

The flows log a line per finished step with `extra={PROGRESS_KEY: {...}}` (readable in the UI as
well); this handler turns those records into a rich progress bar on a terminal, or into plain
`parley: annotate 3/7` lines otherwise. Prefect-free: it only listens to Python logging.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from types import TracebackType
from typing import Any

from rich.console import Console
from rich.default_styles import DEFAULT_STYLES
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.theme import Theme

PROGRESS_KEY = "parley_progress"
FLOW_RUN_LOGGER = "prefect.flow_runs"
_BAR_STYLES = {name: style for name, style in DEFAULT_STYLES.items() if name.startswith(("bar.", "progress."))}


def progress_extra(stage: str, done: int, total: int) -> dict[str, Any]:
    """The `extra` of a progress log record."""
    return {PROGRESS_KEY: {"stage": stage, "done": done, "total": total}}


def shared_console() -> Console | None:
    """The rich console the orchestrator's log lines go to (a handler of the flow-run logger or of
    a parent): the bar must draw on the same one, or lines and bar overwrite each other."""
    logger: logging.Logger | None = logging.getLogger(FLOW_RUN_LOGGER)
    while logger is not None:
        for handler in logger.handlers:
            console = getattr(handler, "console", None)
            if isinstance(console, Console):
                return console
        logger = logger.parent if logger.propagate else None
    return None


class ProgressBar(logging.Handler):
    """A bar per stage while the block runs. Off a terminal, the orchestrator's log lines already say
    the same, so `plain` only gets lines when there is no console to print those."""

    def __init__(self, console: Console | None, plain: Callable[[str], None]) -> None:
        super().__init__(level=logging.INFO)
        self.plain: Callable[[str], None] | None = plain if console is None else None
        self.console = console
        self.live = console is not None and console.is_terminal
        self.progress = Progress(
            TextColumn("[bold]{task.description:<9}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            disable=not self.live,
        )
        self.tasks: dict[str, Any] = {}

    def emit(self, record: logging.LogRecord) -> None:
        info = getattr(record, PROGRESS_KEY, None)
        if not isinstance(info, dict):
            return
        stage, done, total = str(info["stage"]), int(info["done"]), int(info["total"])
        if not self.live:
            if self.plain is not None:
                self.plain(f"{stage} {done}/{total}")
            return
        if stage not in self.tasks:
            self.tasks[stage] = self.progress.add_task(stage, total=max(total, 1))
        self.progress.update(self.tasks[stage], total=max(total, 1), completed=done if total else 1)

    def __enter__(self) -> ProgressBar:
        if self.live and self.console is not None:
            # a shared console may carry a theme without the bar's styles: add rich's own
            self.console.push_theme(Theme(_BAR_STYLES), inherit=True)
        logging.getLogger(FLOW_RUN_LOGGER).addHandler(self)
        self.progress.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.progress.stop()
        logging.getLogger(FLOW_RUN_LOGGER).removeHandler(self)
        if self.live and self.console is not None:
            self.console.pop_theme()
