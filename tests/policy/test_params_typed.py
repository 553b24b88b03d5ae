"""The typed declarations on ``Params`` match the built-in pack, so mypy checks the real thing."""

from __future__ import annotations

import typing

import pytest

from egovpm.policy import get_pack
from egovpm.policy.pack import Params

PACK = get_pack("yangpu-2023")
DECLARED = typing.get_type_hints(Params)


def test_every_pack_param_is_declared_and_every_declaration_is_in_the_pack():
    assert set(PACK.param_specs) == set(DECLARED)


@pytest.mark.parametrize("name", sorted(DECLARED))
def test_param_value_has_its_declared_type(name):
    declared = DECLARED[name]
    value = getattr(PACK.params, name)
    origin = typing.get_origin(declared)
    if origin is None:
        assert type(value) is declared, (name, value)
    else:
        (member,) = typing.get_args(declared)
        assert isinstance(value, origin), (name, value)
        assert all(type(v) is member for v in value), (name, value)
