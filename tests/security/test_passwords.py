"""Password complexity (等保 三级 身份鉴别): at least 8 characters of at least 3 classes."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from egovpm.accounts.demo import DEMO_PASSWORD
from egovpm.accounts.models import User
from egovpm.accounts.validators import ComplexityValidator, character_classes
from egovpm.meetings.demo import DEMO_PASSWORD as MEETING_DEMO_PASSWORD
from tests.factories import PASSWORD as PERSONA_PASSWORD


def codes(password: str, validator: ComplexityValidator | None = None) -> set[str]:
    try:
        (validator or ComplexityValidator()).validate(password)
    except ValidationError as exc:
        return {error.code for error in exc.error_list}
    return set()


@pytest.mark.parametrize(
    ("password", "expected"),
    [
        ("Abcdef1!", set()),                     # 8 characters, four classes
        ("Abcdefg1", set()),                     # at the limit: three classes
        ("abcdefg1!", set()),                    # lower, digit, symbol
        ("ABCDEF1-", set()),                     # upper, digit, symbol
        ("Abc1!", {"password_too_short"}),       # far below the limit
        ("Abcde1!", {"password_too_short"}),     # 7: one past the limit
        ("abcdefgh1", {"password_too_simple"}),  # two classes only
        ("ABCDEFGHI", {"password_too_simple"}),
        ("12345678", {"password_too_simple"}),
        ("abc", {"password_too_short", "password_too_simple"}),
        ("", {"password_too_short", "password_too_simple"}),
        ("密码Abcd12", set()),                    # 汉字 count as symbols
    ],
)
def test_complexity_table(password, expected):
    assert codes(password) == expected


def test_classes_are_named():
    assert character_classes("aA1@") == {"upper", "lower", "digit", "symbol"}
    assert character_classes("aaaa") == {"lower"}


def test_options_are_honoured_and_checked():
    assert codes("Abcdefgh1!", ComplexityValidator(min_length=12)) == {"password_too_short"}
    assert codes("Abcdefg1", ComplexityValidator(min_classes=4)) == {"password_too_simple"}
    with pytest.raises(ValueError):
        ComplexityValidator(min_classes=5)


def test_messages_and_help_text_are_chinese():
    with pytest.raises(ValidationError) as excinfo:
        validate_password("abcdefgh")
    text = "；".join(excinfo.value.messages)
    assert "大写字母、小写字母、数字、符号中的至少 3 类" in text
    assert "至少 8 个字符" in ComplexityValidator().get_help_text()


@pytest.mark.parametrize("password", [DEMO_PASSWORD, MEETING_DEMO_PASSWORD, PERSONA_PASSWORD,
                                      "Strong@Pass1", "Pass-word-123"])
def test_configured_validators_accept_the_project_passwords(password):
    validate_password(password, user=User(username="someone", role="applicant"))


@pytest.mark.parametrize("weak", ["kewei-yangpu", "password", "yangpu2026", "Ab1!"])
def test_configured_validators_refuse_weak_passwords(weak):
    with pytest.raises(ValidationError):
        validate_password(weak)


@pytest.mark.django_db
def test_adduser_refuses_a_weak_password_naming_the_password():
    with pytest.raises(CommandError) as excinfo:
        call_command("adduser", "weakling", "--role", "expert", "--password-stdin",
                     stdout=io.StringIO(), stdin=io.StringIO("kewei-yangpu\n"))
    message = str(excinfo.value)
    assert message.startswith("密码（--password-stdin）：")
    assert "至少 3 类" in message
    assert not User.objects.filter(username="weakling").exists()
    # The control: the same command with a complex password succeeds.
    call_command("adduser", "weakling", "--role", "expert", "--password-stdin",
                 stdout=io.StringIO(), stdin=io.StringIO("Kewei2026x\n"))
    assert User.objects.filter(username="weakling").exists()


@pytest.mark.django_db
def test_demo_load_accepts_the_demo_password():
    call_command("load_demo", stdout=io.StringIO())
    assert User.objects.filter(is_active=True).count() > 10
