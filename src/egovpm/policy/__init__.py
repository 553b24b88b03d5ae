"""The policy engine: the Yangpu e-government rules as data plus small pure functions.

Pure Python, no Django. Public API (see /work/helpers/CONTRACTS.md):
``evaluate``, ``InvalidApplication``, ``Decision``/``Finding``/``Obligation``,
``get_pack``, ``available_packs``, ``register_pack_dir``, ``Pack``/``Article``.
"""

from .catalog import available_packs, get_pack, register_pack_dir, unregister_pack_dir
from .decision import Decision, Finding, Obligation
from .engine import evaluate
from .errors import InvalidApplication, UnknownPack
from .pack import Article, Pack, PackError
from .periods import add_months
from .registry import implemented_codes, obligation_rule, rule

__all__ = [
    "Article",
    "Decision",
    "Finding",
    "InvalidApplication",
    "Obligation",
    "Pack",
    "PackError",
    "UnknownPack",
    "add_months",
    "available_packs",
    "evaluate",
    "get_pack",
    "implemented_codes",
    "obligation_rule",
    "register_pack_dir",
    "rule",
    "unregister_pack_dir",
]
