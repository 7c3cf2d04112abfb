"""Two ingests of the same issue at once never lose a hand edit, nor any other file."""

from __future__ import annotations

import hashlib
import multiprocessing
import os
from pathlib import Path

import pytest

from generator.cli import main

from .conftest import FIXTURES

MARCH = FIXTURES / "issues" / "2023-03-14-dcsx.txt"
ROUNDS = 100


def folder_digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


def _ingest(content: str, force: bool, start) -> None:
    start.wait()
    os._exit(main(["-q", "ingest", str(MARCH), "--content", content, *(["--force"] if force else [])]))


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="needs fork")
def test_concurrent_ingests_keep_the_hand_edit(tmp_path):
    content = tmp_path / "content"
    assert main(["-q", "ingest", str(MARCH), "--content", str(content)]) == 0
    folder = content / "2023/2023-03-14"
    article = folder / "02.md"
    ctx = multiprocessing.get_context("fork")
    for n in range(ROUNDS):
        for bak in folder.glob("*.bak*"):
            bak.unlink()
        edit = f"\n（校对第{n}轮：手工补记。）\n"
        article.write_text(article.read_text(encoding="utf-8") + edit, encoding="utf-8")
        before = folder_digest(folder)
        force = n % 2 == 1  # every other round one of the two replaces hand edits (keeping a .bak)
        start = ctx.Barrier(2)
        procs = [ctx.Process(target=_ingest, args=(str(content), f, start)) for f in (False, force)]
        for p in procs:
            p.start()
        for p in procs:
            p.join(60)
        assert [p.exitcode for p in procs] == [0, 0], n
        after = folder_digest(folder)
        names = {p.name for p in folder.iterdir()}
        assert {"issue.md", "01.md", "02.md", "03.md", "04.md", "05.md"} <= names, (n, names)
        kept = [p for p in folder.iterdir() if p.name.startswith("02.md")]
        assert any(edit in p.read_text(encoding="utf-8") for p in kept), (n, sorted(names))
        if not force:  # nothing asked to replace anything: the folder is byte for byte as it was
            assert after == before, n
        else:
            assert (folder / "02.md.bak").read_text(encoding="utf-8").endswith(edit), n
            article.write_text((folder / "02.md.bak").read_text(encoding="utf-8"), encoding="utf-8")
        assert not list(folder.parent.glob(".2023-03-14.*")), n  # no staging or retired folder left
