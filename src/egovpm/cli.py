"""The `egovpm` console script: Django's management commands with the project's settings.

`egovpm migrate`, `egovpm runserver`, `egovpm evaluate FILE`, … behave exactly like
`manage.py` would, so operators need no checkout to administer an installation.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "egovpm.config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["egovpm", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":  # pragma: no cover
    main()
