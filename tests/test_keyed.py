"""analytics/corpus/keyed.py: a file holds one value under its key; anything else reads as MISSING."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
import pickle
import time
import weakref

import pandas as pd
import pytest

from analytics.corpus.keyed import (
    MISSING, STALE_TEMPORARY_SECONDS, hash_tree, read_keyed, read_keyed_parts, write_keyed, write_keyed_parts)


@pytest.mark.parametrize("content, key, kind, expected", [
    (None, "k", None, MISSING),                                        # no file
    (b"not a pickle", "k", None, MISSING),                             # corrupt
    (pickle.dumps({"key": "k", "value": [1, 2]})[:-3], "k", None, MISSING),  # truncated
    (pickle.dumps({"key": "other", "value": 1}), "k", None, MISSING),  # written for another key
    (pickle.dumps(["k", 1]), "k", None, MISSING),                      # not the stored shape
    (pickle.dumps({"key": "k", "result": 1}), "k", None, MISSING),     # the shape before this module
    (pickle.dumps({"key": "k", "value": "text"}), "k", dict, MISSING),  # a value of another type than asked
    (pickle.dumps({"key": "k", "value": {"a": 1}}), "k", dict, {"a": 1}),
    (pickle.dumps({"key": "k", "value": None}), "k", None, None),     # None is a value, not MISSING
    (pickle.dumps({"key": pd.Series(["k", "k"]), "value": 1}), "k", None, MISSING),  # a key whose == is not a bool
])
def test_read_keyed(tmp_path, content, key, kind, expected):
    path = tmp_path / "entry.pickle"
    if content is not None:
        path.write_bytes(content)
    got = read_keyed(path, key, kind)
    assert (got is MISSING) if expected is MISSING else (got is not MISSING and got == expected)


def test_write_then_read_and_no_temporary_left(tmp_path):
    path = tmp_path / "sub" / "entry.pickle"
    write_keyed(path, "k1", {"rows": [1, 2, 3]})
    assert read_keyed(path, "k1") == {"rows": [1, 2, 3]}
    assert read_keyed(path, "k2") is MISSING
    write_keyed(path, "k2", 5)  # replaced in place
    assert read_keyed(path, "k2") == 5 and read_keyed(path, "k1") is MISSING
    assert [p.name for p in path.parent.iterdir()] == ["entry.pickle"]


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path):
    path = tmp_path / "entry.pickle"
    write_keyed(path, "k", 1)
    with pytest.raises((pickle.PicklingError, AttributeError, TypeError)):
        write_keyed(path, "k", lambda: None)  # cannot be pickled
    assert read_keyed(path, "k") == 1
    assert [p.name for p in tmp_path.iterdir()] == ["entry.pickle"]


def test_hash_tree_changes_with_any_file_and_marks_a_missing_folder(tmp_path):
    def digest(folder, pattern="*"):
        h = hashlib.sha256()
        hash_tree(h, folder, pattern)
        return h.hexdigest()

    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.py").write_text("1")
    (tmp_path / "a" / "y.txt").write_text("2")
    first = digest(tmp_path / "a")
    assert digest(tmp_path / "a") == first  # stable
    assert digest(tmp_path / "a", "*.py") != first  # only the .py file
    (tmp_path / "a" / "y.txt").write_text("3")
    assert digest(tmp_path / "a") != first  # changed bytes
    (tmp_path / "a" / "y.txt").rename(tmp_path / "a" / "z.txt")
    changed = digest(tmp_path / "a")
    (tmp_path / "a" / "z.txt").rename(tmp_path / "a" / "y.txt")
    assert changed != digest(tmp_path / "a")  # renamed file
    assert digest(tmp_path / "missing") == hashlib.sha256(b"<missing>" + str(tmp_path / "missing").encode()).hexdigest()


def test_a_write_removes_temporaries_left_by_a_killed_writer_but_not_recent_ones(tmp_path):
    old, recent = tmp_path / ".tmp-old.pickle", tmp_path / ".tmp-recent.pickle"
    old.write_bytes(b"half a file")
    recent.write_bytes(b"a write in progress")
    long_ago = time.time() - STALE_TEMPORARY_SECONDS - 60
    os.utime(old, (long_ago, long_ago))
    write_keyed(tmp_path / "entry.pickle", "k", 1)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".tmp-recent.pickle", "entry.pickle"]


class _Marker:
    """Unpickling this creates a file: proof that a refused file was never unpickled."""

    def __init__(self, path):
        self.path = str(path)

    def __reduce__(self):
        return (open, (self.path, "w"))


@pytest.mark.parametrize("mode, other_owner, readable", [
    (0o600, False, True),    # as write_keyed leaves it
    (0o644, False, True),    # readable by others, writable by us alone
    (0o666, False, False),   # anyone may have written it
    (0o620, False, False),   # the group may have written it
    (0o600, True, False),    # another user's file (placed in a shared cache folder)
])
def test_read_keyed_never_unpickles_a_file_others_could_have_written(tmp_path, monkeypatch, mode, other_owner,
                                                                     readable):
    path, marker = tmp_path / "entry.pickle", tmp_path / "unpickled"
    path.write_bytes(pickle.dumps({"key": "k", "value": _Marker(marker)}))
    os.chmod(path, mode)
    if other_owner:
        monkeypatch.setattr(os, "getuid", lambda: os.stat(path).st_uid + 1)
    got = read_keyed(path, "k")
    assert (got is not MISSING) == readable
    assert marker.exists() == readable


def test_arrow_text_is_written_as_it_is_and_read_back_the_same(tmp_path):
    """pandas pickles Arrow text through combine_chunks (a copy), and the pickle keeps every copy until the whole
    value is written: the snapshot's write held a second copy of the corpus's text. write_keyed writes the Arrow data
    as it is: no Arrow memory is allocated while writing, and what is read back is the same, chunks included."""
    import pyarrow as pa

    text = pd.DataFrame({"text": pd.Series(["甲" * 50_000, None, "乙"], dtype="str")})
    two_chunks = pd.concat([text, text], ignore_index=True)
    frame = two_chunks.assign(
        string=pd.Series(["a", None, "b", "c", "d", "e"], dtype="string[pyarrow]"),
        number=pd.array([1, None, 3, 4, 5, 6], dtype="int64[pyarrow]"),
        plain=[1, 2, 3, 4, 5, 6])
    previous = pa.default_memory_pool()
    watched = pa.proxy_memory_pool(previous)
    pa.set_memory_pool(watched)
    try:
        write_keyed(tmp_path / "frame.pickle", "k", {"frame": frame})
    finally:
        pa.set_memory_pool(previous)
    assert watched.max_memory() == 0  # pandas' own pickling allocates 300,608 bytes here (measured)
    back = read_keyed(tmp_path / "frame.pickle", "k")["frame"]
    pd.testing.assert_frame_equal(back, frame)
    assert list(back.dtypes) == list(frame.dtypes)
    assert [back[c].array._pa_array.num_chunks for c in ("text", "string", "number")] == \
        [frame[c].array._pa_array.num_chunks for c in ("text", "string", "number")]
    assert frame.text.array._pa_array.num_chunks == 2


def test_parts_are_read_back_in_order_and_a_file_cut_anywhere_reads_as_missing(tmp_path):
    path = tmp_path / "parts.pickle"
    write_keyed_parts(path, "k", iter([{"a": [1, 2]}, "two", None]))
    assert read_keyed_parts(path, "k") == [{"a": [1, 2]}, "two", None]
    assert read_keyed_parts(path, "other") is MISSING
    assert read_keyed(path, "k") is MISSING  # a file in parts is not one value
    whole = path.read_bytes()
    for cut in range(len(whole)):  # every shorter file, the end mark included
        path.write_bytes(whole[:cut])
        assert read_keyed_parts(path, "k") is MISSING, cut
    path.write_bytes(whole + pickle.dumps(("part", "extra")))  # something after the end mark
    assert read_keyed_parts(path, "k") is MISSING
    write_keyed(path, "k", ["one value"])
    assert read_keyed_parts(path, "k") is MISSING


@pytest.mark.parametrize("entries", [
    [{"key": "k", "parts": True}, ("end", 1)],                       # the end mark counts a part that is not there
    [{"key": "k", "parts": True}, ("part", 1), ("end", 0)],          # … or not the one that is
    [{"key": "k", "parts": True}, ["part", 1], ("end", 1)],          # not an entry
    [{"key": "k", "parts": "yes"}, ("end", 0)],                      # not the head written
    [{"key": pd.Series(["k"]), "parts": True}, ("end", 0)],          # a key whose == is not a bool
])
def test_parts_of_another_shape_read_as_missing(tmp_path, entries):
    path = tmp_path / "parts.pickle"
    path.write_bytes(b"".join(pickle.dumps(entry) for entry in entries))
    os.chmod(path, 0o600)
    assert read_keyed_parts(path, "k") is MISSING


class Part:  # a part that can be weakly referenced and pickled
    def __init__(self, n):
        self.n = n


def test_parts_are_written_one_at_a_time_and_a_failed_write_leaves_the_old_file(tmp_path):
    """No part is held once the next is asked for; a part that fails (or cannot be pickled) leaves the file as it
    was and no temporary file."""
    held_before = []
    made: list[weakref.ref] = []

    def parts():
        for n in range(4):
            held_before.append(sum(ref() is not None for ref in made))
            part = Part(n)
            made.append(weakref.ref(part))
            yield part
            del part  # this generator's own hold

    path = tmp_path / "parts.pickle"
    write_keyed_parts(path, "k", parts())
    assert held_before == [0, 0, 0, 0]
    assert [part.n for part in read_keyed_parts(path, "k")] == [0, 1, 2, 3]

    def failing():
        yield Part(9)
        raise OSError("disk full")

    for bad in (failing(), iter([Part(8), lambda: None])):
        with pytest.raises((OSError, pickle.PicklingError, AttributeError, TypeError)):
            write_keyed_parts(path, "k", bad)
        assert [part.n for part in read_keyed_parts(path, "k")] == [0, 1, 2, 3]
        assert [p.name for p in tmp_path.iterdir()] == ["parts.pickle"]


def test_parts_for_a_folder_that_cannot_be_written_are_never_asked_for(tmp_path):
    blocked = tmp_path / "a file"
    blocked.write_text("not a folder")
    parts = iter([1, 2])
    with pytest.raises(OSError):
        write_keyed_parts(blocked / "parts.pickle", "k", parts)
    assert next(parts) == 1


def test_hash_tree_reads_as_the_readers_do_and_never_raises(tmp_path):
    """An attack: a link to /proc/self/mem in data/ raised OSError while keying the snapshot, before validation could
    name it (every page down); a link to a large file outside data/ was read whole on each cold start. Each is hashed
    as the reason it is not read: stable, and the outside file's bytes never read."""
    import os

    def digest(folder):
        h = hashlib.sha256()
        hash_tree(h, folder, limit=1000)
        return h.hexdigest()

    data, outside = tmp_path / "data", tmp_path / "outside.yaml"
    data.mkdir()
    (data / "a.yaml").write_text("a: 1")
    outside.write_text("x" * 10)
    (data / "out.yaml").symlink_to(outside)
    (data / "mem.yaml").symlink_to("/proc/self/mem")
    (data / "inside.yaml").symlink_to(data / "a.yaml")
    os.mkfifo(data / "pipe.yaml")
    (data / "big.yaml").write_text("y" * 1001)
    first = digest(data)
    assert digest(data) == first  # stable, and no read blocked on the pipe
    outside.write_text("z" * 10)
    assert digest(data) == first  # the file outside the folder is not read
    (data / "big.yaml").write_text("w" * 1001)
    assert digest(data) == first  # past the limit: refused alike by its reader, so keyed alike
    (data / "a.yaml").write_text("a: 2")
    assert digest(data) != first  # a file read (and its link inside the folder) still changes the key
    # an attack: a pipe, a dangling link or a folder named *.yaml added to data/ left the key as it was, so the old
    # snapshot was served and its reader's refusal never shown
    for add, remove in ((os.mkfifo, Path.unlink), (lambda p: p.symlink_to(tmp_path / "nowhere"), Path.unlink),
                        (Path.mkdir, Path.rmdir)):
        before = digest(data)
        add(data / "new.yaml")
        assert digest(data) != before
        remove(data / "new.yaml")
        assert digest(data) == before


def test_a_link_out_of_the_folder_is_keyed_alike_in_every_process(tmp_path):
    """An attack: a link to /proc/self/mem was keyed by its reader's message, which names /proc/<pid>/mem: a new key
    in every process, so its snapshot was never reused. The link's own text is keyed, the same in any process."""
    import subprocess
    import sys
    from pathlib import Path

    (tmp_path / "mem.yaml").symlink_to("/proc/self/mem")
    script = ("import hashlib, sys; from analytics.corpus.keyed import hash_tree; h = hashlib.sha256(); "
              "hash_tree(h, sys.argv[1]); print(h.hexdigest())")
    keys = {subprocess.run([sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True, check=True,
                           cwd=Path(__file__).resolve().parents[1]).stdout for _ in range(2)}
    assert len(keys) == 1 and len(next(iter(keys)).strip()) == 64


def test_a_file_name_that_is_not_utf8_is_keyed_not_raised(tmp_path):
    """A review: a file in data/ whose name is not UTF-8 (b"bad\\xff.yaml", which Python reads as a lone surrogate)
    raised UnicodeEncodeError while the snapshot key, the data version and the watcher's signature were worked out:
    every page down before validation could name the file. Each keys it as its bytes; the validator then names it."""
    from analytics.corpus.version import data_digest, tree_signature

    data = tmp_path / "data"
    (data / "programmes").mkdir(parents=True)
    (data / "registry").mkdir()
    (data / "programmes" / "a.yaml").write_text("x: 1")

    def keys():
        h = hashlib.sha256()
        hash_tree(h, data)
        return h.hexdigest(), data_digest(data), tree_signature(data)

    before = keys()
    with open(os.path.join(os.fsencode(data / "programmes"), b"bad\xff.yaml"), "wb") as handle:
        handle.write(b"x: 1")
    after = keys()
    assert all(len(key) == 64 for key in after) and all(b != a for b, a in zip(before, after))
