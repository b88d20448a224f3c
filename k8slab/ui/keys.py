"""Single key presses from the terminal, with a timeout (for watch and demo)."""

from __future__ import annotations

import os
import select
import sys
from types import TracebackType
from typing import Any

ENTER = "enter"
SPACE = "space"
ESCAPE = "escape"


class KeyReader:
    """Puts the terminal in cbreak mode while in use; ``read(timeout)`` returns a key or None.

    Ctrl-C still raises KeyboardInterrupt (signals stay on). Without a terminal, ``read``
    only waits for the timeout and returns None.
    """

    def __init__(self) -> None:
        self.fd: int | None = None
        self._saved: list[Any] | None = None

    def __enter__(self) -> KeyReader:
        if sys.stdin.isatty():
            import termios
            import tty

            self.fd = sys.stdin.fileno()
            self._saved = termios.tcgetattr(self.fd)
            tty.setcbreak(self.fd)
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self.fd is not None and self._saved is not None:
            import termios

            termios.tcsetattr(self.fd, termios.TCSADRAIN, self._saved)
        self.fd = None

    def read(self, timeout: float) -> str | None:
        """The next key ("q", "enter", "space", ...) or None after ``timeout`` seconds."""
        if self.fd is None:
            import time

            time.sleep(max(0.0, timeout))
            return None
        ready, _, _ = select.select([self.fd], [], [], max(0.0, timeout))
        if not ready:
            return None
        data = os.read(self.fd, 32).decode(errors="ignore")
        if not data:
            return None
        if data in ("\r", "\n"):
            return ENTER
        if data == " ":
            return SPACE
        if data.startswith("\x1b"):
            return ESCAPE
        return data[0].lower()
