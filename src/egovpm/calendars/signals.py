"""`year_loaded(year=...)`: sent after the transaction that loaded a year's arrangement commits.

Modules holding provisional (暂定) deadlines listen to it and recompute them (POLICY.md §6).
"""

from django.dispatch import Signal

year_loaded = Signal()
