"""Why a meeting operation was refused, in words the office and the chair can act on."""

from __future__ import annotations


class MeetingError(Exception):
    """Base: `reason` is the Chinese message; nothing was changed."""

    status = 409

    def __init__(self, reason: str, *, field: str = "") -> None:
        super().__init__(reason)
        self.reason = str(reason)
        self.field = field


class MeetingInputError(MeetingError):
    """The request names something wrong (a field, an application, a unit)."""

    status = 400


class MeetingStateError(MeetingError):
    """The meeting (or an application on it) is not in a state that allows the operation."""


class QuorumNotMet(MeetingStateError):
    """规则 四(三): fewer member units present than the quorum; no decision may be recorded."""
