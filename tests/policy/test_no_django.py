"""The policy package is a pure core (STYLE.md): importing all of it loads no Django."""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import pkgutil, sys
import egovpm.policy as policy
for module in pkgutil.walk_packages(policy.__path__, "egovpm.policy."):
    __import__(module.name)
print(sorted({m.split(".")[0] for m in sys.modules if m.split(".")[0] == "django"}))
"""


def test_every_policy_module_imports_without_django():
    env = {"PYTHONPATH": ":".join(sys.path), "PATH": ""}
    result = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                            env=env, check=True, timeout=60)
    assert result.stdout.strip() == "[]"
