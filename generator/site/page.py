"""A page of the site before it is rendered: where it goes, its template, title and context."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    url: str
    template: str
    title: str
    context: dict
