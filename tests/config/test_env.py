"""The typed environment readers fail loudly on malformed values instead of guessing."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from egovpm.config.env import env_bool, env_int, env_list


def test_env_int_reads_whole_numbers(monkeypatch):
    monkeypatch.setenv("EGOVPM_X", " 15 ")
    assert env_int("EGOVPM_X", 3) == 15
    monkeypatch.delenv("EGOVPM_X")
    assert env_int("EGOVPM_X", 3) == 3


@pytest.mark.parametrize("raw", ["abc", "1.5", ""])
def test_env_int_refuses_non_numbers(monkeypatch, raw):
    monkeypatch.setenv("EGOVPM_X", raw)
    with pytest.raises(ImproperlyConfigured, match="EGOVPM_X"):
        env_int("EGOVPM_X", 3)


def test_env_int_refuses_values_below_the_minimum(monkeypatch):
    monkeypatch.setenv("EGOVPM_X", "0")
    with pytest.raises(ImproperlyConfigured, match="at least 1"):
        env_int("EGOVPM_X", 3, minimum=1)


def test_env_bool_refuses_unknown_words(monkeypatch):
    monkeypatch.setenv("EGOVPM_X", "maybe")
    with pytest.raises(ImproperlyConfigured, match="EGOVPM_X"):
        env_bool("EGOVPM_X", False)
    monkeypatch.setenv("EGOVPM_X", "Yes")
    assert env_bool("EGOVPM_X", False) is True


def test_env_list_splits_and_trims(monkeypatch):
    monkeypatch.setenv("EGOVPM_X", "a, b,,c ")
    assert env_list("EGOVPM_X", []) == ["a", "b", "c"]
