"""Turning a service's ValidationError into a Chinese CommandError naming the argument."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError


def command_error(exc: ValidationError, arguments: dict[str, str]) -> CommandError:
    parts = [
        f"{arguments.get(field, field)}：{'；'.join(messages)}"
        for field, messages in exc.message_dict.items()
    ]
    return CommandError("\n".join(parts))
