"""The catalogue of policy packs: discovery, editions by date, and the cache.

Packs live in ``packs/<dir>/pack.toml`` and in any directory given to ``register_pack_dir``.
``extends = "<name>"`` makes an edition that inherits everything from an earlier pack and
overrides only what it names (tables merge, other values replace); an optional ``rules.py``
beside it may replace or add rule functions for that edition (see ``registry``). Packs are
parsed once and cached.
"""

from __future__ import annotations

import datetime
import tomllib
from pathlib import Path
from typing import Any

from .errors import UnknownPack
from .pack import Pack, PackError

BUILTIN_DIR = Path(__file__).resolve().parent / "packs"
_INHERITED_ONLY = ("name", "title", "effective_from", "extends")

_extra_dirs: list[Path] = []
_PACKS_BY_NAME: dict[str, tuple[dict[str, Any], Path]] = {}
_cache: dict[str, Pack] | None = None
_by_date: list[Pack] = []


def register_pack_dir(path: str | Path) -> None:
    """Add a directory holding a pack (pack.toml) or pack subdirectories; reloads the packs."""
    resolved = Path(path).resolve()
    if resolved not in _extra_dirs:
        _extra_dirs.append(resolved)
    _invalidate()


def unregister_pack_dir(path: str | Path) -> None:
    resolved = Path(path).resolve()
    if resolved in _extra_dirs:
        _extra_dirs.remove(resolved)
    _invalidate()


def _invalidate() -> None:
    global _cache
    _cache = None


def _pack_dirs() -> list[Path]:
    found: list[Path] = []
    for root in [BUILTIN_DIR, *_extra_dirs]:
        if (root / "pack.toml").is_file():
            found.append(root)
        elif root.is_dir():
            found.extend(sorted(p for p in root.iterdir() if (p / "pack.toml").is_file()))
    return found


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged




def _load_all() -> dict[str, Pack]:
    global _cache, _by_date
    _PACKS_BY_NAME.clear()
    for directory in _pack_dirs():
        with open(directory / "pack.toml", "rb") as fh:
            raw = tomllib.load(fh)
        _PACKS_BY_NAME[raw["name"]] = (raw, directory)

    def resolve(name: str, seen: tuple[str, ...]) -> tuple[dict[str, Any], str, list[str]]:
        if name not in _PACKS_BY_NAME:
            raise PackError(f"pack {seen[-1] if seen else name} extends unknown pack {name}")
        if name in seen:
            raise PackError(f"pack inheritance loops through {name}")
        raw, directory = _PACKS_BY_NAME[name]
        source_path = directory / raw.get("source_file", "source.txt")
        parent = raw.get("extends")
        if parent is None:
            return raw, source_path.read_text(encoding="utf-8"), [name]
        parent_raw, parent_text, lineage = resolve(parent, (*seen, name))
        merged = _merge(
            {k: v for k, v in parent_raw.items() if k not in _INHERITED_ONLY},
            raw,
        )
        text = source_path.read_text(encoding="utf-8") if source_path.is_file() else parent_text
        return merged, text, [*lineage, name]

    packs: dict[str, Pack] = {}
    for name, (_, directory) in _PACKS_BY_NAME.items():
        raw, text, lineage = resolve(name, ())
        edition_dirs = [_PACKS_BY_NAME[n][1] for n in lineage]
        pack = Pack(raw, text, lineage, directory, edition_dirs)
        pack.check()
        packs[name] = pack
    _by_date = sorted(packs.values(), key=lambda p: p.effective_from, reverse=True)
    _cache = packs
    return packs


def _packs() -> dict[str, Pack]:
    return _cache if _cache is not None else _load_all()


def available_packs() -> list[Pack]:
    """All packs, oldest edition first."""
    _packs()
    return list(reversed(_by_date))


def pack_in_force(day: datetime.date) -> Pack | None:
    """The latest edition whose effective date is on or before ``day``."""
    if _cache is None:
        _load_all()
    for pack in _by_date:
        if pack.effective_from <= day:
            return pack
    return None


def get_pack(name: str | None = None, *, on: datetime.date | None = None) -> Pack:
    """The pack called ``name``, else the one in force ``on`` that date (default today)."""
    packs = _packs()
    if name is not None:
        try:
            return packs[name]
        except KeyError:
            raise UnknownPack(f"没有名为 {name} 的政策版本") from None
    day = on if on is not None else datetime.date.today()
    pack = pack_in_force(day)
    if pack is None:
        raise UnknownPack(f"{day.isoformat()} 没有生效的政策版本")
    return pack
