"""The site writer on its own: linked staging, unchanged files kept, stale files and folders
removed, and the background child processes it uses."""

import os
import time

import pytest

from generator.files import Background, link_tree
from generator.site.writer import MARKER, BuildError, Writer


def _build(out, files: dict[str, str]):
    with Writer(out) as writer:
        writer.write(MARKER, "dcsx\n")
        for url, text in files.items():
            writer.write(url, text)
        counts = writer.commit()
    return counts


def test_a_rebuild_keeps_unchanged_inodes_replaces_changed_ones_and_drops_stale_folders(tmp_path):
    out = tmp_path / "site"
    _build(out, {"a/b/c.html": "one", "a/keep.html": "same", "old/deep/x.html": "gone soon"})
    kept, changed = (out / "a/keep.html").stat().st_ino, (out / "a/b/c.html").stat().st_ino
    live_copy = os.open(out / "a/b/c.html", os.O_RDONLY)  # a reader of the live site
    try:
        counts = _build(out, {"a/b/c.html": "two", "a/keep.html": "same", "new/y.html": "new"})
        assert os.read(live_copy, 10) == b"one"  # the old bytes were never written over
    finally:
        os.close(live_copy)
    assert counts.written == 2 and counts.unchanged == 2 and counts.removed == ["old/deep/x.html"]
    assert (out / "a/keep.html").stat().st_ino == kept
    assert (out / "a/b/c.html").stat().st_ino != changed and (out / "a/b/c.html").read_text() == "two"
    assert not (out / "old").exists()  # emptied folders go, up to the root
    deadline = time.monotonic() + 30  # the old tree is removed by a process of its own
    while len(list(tmp_path.iterdir())) > 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.lock", "site"]  # no staging, no old tree


def test_keep_needs_the_file_in_the_previous_site_and_paths_are_claimed_once(tmp_path):
    out = tmp_path / "site"
    _build(out, {"a.html": "a"})
    with Writer(out) as writer:
        assert writer.has("a.html") and not writer.has("b.html")
        writer.keep("a.html")
        assert not writer.has("a.html")
        with pytest.raises(BuildError, match="b.html was to be kept"):
            writer.keep("b.html")
        with pytest.raises(BuildError, match="two pages want the same output file a.html"):
            writer.write("a.html", "again")
    assert (out / "a.html").read_text() == "a"  # the aborted build left the site alone
    assert not (tmp_path / ".site.staging").exists()


def test_link_tree_lists_every_file_it_links(tmp_path):
    src = tmp_path / "src"
    for rel in ("x.txt", "d/y.txt", "d/e/z.txt"):
        (src / rel).parent.mkdir(parents=True, exist_ok=True)
        (src / rel).write_text(rel)
    files = link_tree(src, tmp_path / "dst")
    assert sorted(files) == ["d/e/z.txt", "d/y.txt", "x.txt"]
    assert (tmp_path / "dst/d/e/z.txt").stat().st_ino == (src / "d/e/z.txt").stat().st_ino


def _fails():
    raise FileNotFoundError(2, "nothing here", "/no/such")


def test_background_gives_the_result_or_raises_the_error():
    assert Background(sorted, [3, 1, 2]).wait() == [1, 2, 3]
    with pytest.raises(FileNotFoundError, match="nothing here"):
        Background(_fails).wait()


def test_background_says_when_its_result_is_ready_without_waiting(tmp_path):
    gate = tmp_path / "go"
    job = Background(_wait_for, gate)
    assert not job.ready()  # still waiting for the file
    gate.write_text("")
    deadline = time.monotonic() + 10
    while not job.ready() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert job.ready() and job.wait() == "seen"


def _wait_for(path):
    while not path.exists():
        time.sleep(0.01)
    return "seen"


def test_a_removal_cut_short_is_finished_by_the_next_build(tmp_path):
    out = tmp_path / "site"
    _build(out, {"a.html": "a"})
    trash = tmp_path / ".site.old-12345"  # what a removal that was killed leaves
    (trash / "deep").mkdir(parents=True)
    (trash / "deep/x.html").write_text("x")
    _build(out, {"a.html": "b"})
    deadline = time.monotonic() + 30
    while trash.exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not trash.exists() and (out / "a.html").read_text() == "b"
