"""Password complexity of 等保 2.0 三级 (GB/T 22239-2019 8.1.4.1 a): 身份鉴别信息具有复杂度要求).

Django's own validators check length, common passwords and all-digit passwords; this one adds
the character-class rule: at least `min_length` characters drawn from at least `min_classes` of
upper-case letters, lower-case letters, digits and symbols (anything else, e.g. `@`, `-`, 汉字).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

CLASS_NAMES = ("upper", "lower", "digit", "symbol")


def character_classes(password: str) -> set[str]:
    """The classes (`upper`, `lower`, `digit`, `symbol`) that occur in `password`."""
    found: set[str] = set()
    for char in password:
        if char.isupper():
            found.add("upper")
        elif char.islower():
            found.add("lower")
        elif char.isdecimal():
            found.add("digit")
        else:
            found.add("symbol")
    return found


class ComplexityValidator:
    """At least `min_length` characters and at least `min_classes` of the four classes."""

    def __init__(self, min_length: int = 8, min_classes: int = 3) -> None:
        if not 1 <= min_classes <= len(CLASS_NAMES):
            raise ValueError("min_classes must be between 1 and 4")
        self.min_length = min_length
        self.min_classes = min_classes

    def validate(self, password: str, user: Any = None) -> None:
        errors = []
        if len(password) < self.min_length:
            errors.append(ValidationError(
                _("密码长度不足：至少需要 %(min_length)d 个字符"),
                code="password_too_short", params={"min_length": self.min_length},
            ))
        if len(character_classes(password)) < self.min_classes:
            errors.append(ValidationError(
                _("密码复杂度不足：须包含大写字母、小写字母、数字、符号中的至少 %(min_classes)d 类"),
                code="password_too_simple", params={"min_classes": self.min_classes},
            ))
        if errors:
            raise ValidationError(errors)

    def get_help_text(self) -> str:
        return _("密码至少 %(min_length)d 个字符，且包含大写字母、小写字母、数字、符号中的至少 "
                 "%(min_classes)d 类。") % {"min_length": self.min_length,
                                           "min_classes": self.min_classes}
