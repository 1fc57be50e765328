

def test_tree_signature_moves_with_every_edit_and_nothing_else(tmp_path):
    """A file's edit that keeps its size and sets its modification time back still moves the signature (its change
    time cannot be set back); looking again without a change does not; a linked folder loop ends."""
    import os

    from analytics.corpus.version import tree_signature

    folder = tmp_path / "data"
    (folder / "programmes").mkdir(parents=True)
    extract = folder / "programmes" / "a.yaml"
    extract.write_text("short_zh: 方案甲\n", encoding="utf-8")
    (folder / "programmes" / "loop").symlink_to(folder)  # not followed: the walk ends
    first = tree_signature(folder)
    assert tree_signature(folder) == first
    info = extract.stat()
    extract.write_text("short_zh: 方案乙\n", encoding="utf-8")
    os.utime(extract, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert extract.stat().st_size == info.st_size and extract.stat().st_mtime_ns == info.st_mtime_ns
    second = tree_signature(folder)
    assert second != first
    (folder / "programmes" / "b.yaml").write_text("x", encoding="utf-8")
    assert tree_signature(folder) != second
    assert tree_signature(tmp_path / "missing") == tree_signature(tmp_path / "missing")  # a missing folder: no error
