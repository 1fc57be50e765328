"""Per-corpus memo for lookups rebuilt from a whole table on every page run (issue 15).

`programme_names` and the source entries iterate every programme; at 100× that is 700 rows, several
times per run. `per_table(table, key, build)` computes `build()` once per table object and key and
returns a fresh shallow copy each time (callers may add to it). The table object itself is the key's
anchor: a corpus is never mutated, and a new corpus (another data version, a session's uploads) has
new tables, hence new entries. At most MAX_ENTRIES are kept (uploads create corpora per session).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

MAX_ENTRIES = 64
_memo: OrderedDict = OrderedDict()
_lock = threading.Lock()


def per_table(table, key: Hashable, build: Callable[[], dict]) -> dict:
    """A copy of `build()`, computed once per (table object, key)."""
    return dict(once_per_table(table, key, build))


def once_per_table(table, key: Hashable, build: Callable[[], object]):
    """`build()`, computed once per (table object, key) and shared: build something immutable (a tuple),
    or copy it before changing it (as per_table does)."""
    slot = (id(table), key)
    with _lock:
        hit = _memo.get(slot)
        if hit is not None and hit[0] is table:
            _memo.move_to_end(slot)
            return hit[1]
    value = build()
    with _lock:
        _memo[slot] = (table, value)  # holding the table keeps its id from being reused while cached
        while len(_memo) > MAX_ENTRIES:
            _memo.popitem(last=False)
    return value
