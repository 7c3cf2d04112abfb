"""The site writer on its own: linked staging, unchanged files kept, stale files and folders
removed, and the background child processes it uses."""

import os
import time

import pytest

from generator.files import Background, link_tree, sync_tree
from generator.build.writer import MARKER, BuildError, Writer


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
    while any(".old" in p.name for p in tmp_path.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.01)
    # No staging folder and no old tree; most files changed, so the spare is the new site, linked.
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.lock", ".site.spare", "site"]
    assert _tree(tmp_path / ".site.spare") == _tree(out)


def _tree(folder):
    """Every file under a folder: its bytes and inode."""
    return {p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_ino)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_sync_tree_makes_an_old_linked_copy_a_linked_copy_again(tmp_path):
    src, dst = tmp_path / "live", tmp_path / "spare"
    for rel, text in {"same.html": "s", "a/same.html": "s", "a/changed.html": "new", "dir-now/x.html": "x",
                      "file-now": "f", "a/new.html": "n", "deep/er/y.html": "y"}.items():
        (src / rel).parent.mkdir(parents=True, exist_ok=True)
        (src / rel).write_text(text)
    link_tree(src, dst)
    # What the spare holds after a few builds: old bytes, stray files, a folder become a file...
    (dst / "a/changed.html").unlink()
    (dst / "a/changed.html").write_text("old")
    (dst / "a/new.html").unlink()
    (dst / "dir-now/x.html").unlink()
    (dst / "dir-now").rmdir()
    (dst / "dir-now").write_text("was a file")
    (dst / "file-now").unlink()
    (dst / "file-now/z").mkdir(parents=True)
    (dst / "gone/deep").mkdir(parents=True)
    (dst / "gone/deep/old.html").write_text("o")
    (dst / "a/stray.html").write_text("stray")
    files = sync_tree(src, dst)
    assert _tree(dst) == _tree(src)  # the same files, as links to the same inodes
    assert sorted(files) == sorted(_tree(src)) and sorted(files) == sorted(link_tree(src, tmp_path / "fresh"))
    assert not (dst / "gone").exists() and sorted(p.name for p in dst.iterdir()) == sorted(p.name for p in src.iterdir())


def test_the_retired_site_is_the_next_staging_folder_and_a_failed_build_leaves_the_same(tmp_path):
    out = tmp_path / "site"
    pages = {f"p/{n}.html": f"page {n}" for n in range(10)}
    _build(out, pages)
    spare = tmp_path / ".site.spare"
    assert _tree(spare) == _tree(out)  # a first build links its site into a spare for the next
    _build(out, {**pages, "p/3.html": "page 3, corrected"})
    assert (spare / "p/3.html").read_text() == "page 3"  # the retired site, kept
    assert (spare / "p/4.html").stat().st_ino == (out / "p/4.html").stat().st_ino
    (out / "p/5.html").unlink()  # the live site changed by hand: the next build must see it
    (out / "p/5.html").write_text("edited by hand")
    with Writer(out) as writer:
        assert not spare.exists()  # it became the staging folder
        assert writer.has("p/3.html") and writer.has("p/5.html")
        assert (tmp_path / ".site.staging/p/3.html").read_text() == "page 3, corrected"
        assert (tmp_path / ".site.staging/p/5.html").read_text() == "edited by hand"
        writer.write("p/6.html", "half a build")  # then the build fails
    assert (out / "p/6.html").read_text() == "page 6" and spare.is_dir()
    (tmp_path / ".site.spare-new/p").mkdir(parents=True)  # what a build killed while making a spare leaves
    (tmp_path / ".site.spare-new/p/8.html").write_text("half")
    counts = _build(out, {**pages, "p/3.html": "page 3, corrected", "p/7.html": "page 7, again"})
    assert counts.written == 2 and counts.unchanged == 9  # 5.html (by hand) and 7.html
    assert not (tmp_path / ".site.spare-new").exists()
    assert {k: v[0] for k, v in _tree(out).items()} == {
        MARKER: b"dcsx\n", **{k: v.encode() for k, v in pages.items()}, "p/3.html": "page 3, corrected".encode(),
        "p/7.html": "page 7, again".encode()}


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


def test_trees_removed_one_after_another_by_one_build_do_not_collide(tmp_path):
    writer = Writer(tmp_path / "site")
    trees = [tmp_path / f"tree{n}" for n in range(3)]
    for tree in trees:
        (tree / "deep").mkdir(parents=True)
        (tree / "deep/x.html").write_text("x")
        writer._discard(tree)  # the name it had is free at once, whatever the removal is doing
    deadline = time.monotonic() + 30
    while list(tmp_path.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert list(tmp_path.iterdir()) == []
