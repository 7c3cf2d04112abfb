"""archive.toml -> Config: site settings, the paper's names, column banners and section rules."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from generator.text import squash

DEFAULT_NAMES = ("东昌府讯", "东昌时讯")
DEFAULT_ROMAN = ("DONGCHANGSHIXUN", "DONGCHANGFUXUN")
# Recurring column banners (栏目) of the paper.  archive.toml replaces this list.
DEFAULT_BANNERS = (
    "深入学习宣传贯彻党的二十大精神 我为群众办实事",
    "深入学习宣传贯彻党的二十大精神",
    "我为群众办实事",
    "同心协力 共抗疫情",
    "宣讲进行时",
    "牢记嘱托走在前 勇担使命开新局",
)


class ConfigError(Exception):
    """archive.toml is unreadable or inconsistent."""


@dataclass(frozen=True)
class SectionRule:
    slug: str
    name: str
    keywords: tuple[str, ...] = ()  # matched in kicker, title and subtitle
    columns: tuple[str, ...] = ()  # column banners that put an article here
    description: str = ""


@dataclass(frozen=True)
class Config:
    title: str = "东昌府讯 数字报档案"
    paper: str = "东昌府讯"
    description: str = "东昌府区融媒体中心《东昌府讯》往期报纸全文档案"
    base_url: str = ""  # e.g. https://user.github.io/repo/ ; empty: no sitemap, relative only
    names: tuple[str, ...] = DEFAULT_NAMES
    roman: tuple[str, ...] = DEFAULT_ROMAN
    banners: tuple[str, ...] = DEFAULT_BANNERS
    sections: tuple[SectionRule, ...] = ()
    default_section: SectionRule = field(default_factory=lambda: SectionRule("general", "综合"))
    page_size: int = 50
    feed_issues: int = 20
    path: Path | None = None

    @property
    def banner_keys(self) -> frozenset[str]:
        return frozenset(squash(b) for b in self.banners)

    def all_sections(self) -> tuple[SectionRule, ...]:
        known = {s.slug for s in self.sections}
        return self.sections + (() if self.default_section.slug in known else (self.default_section,))

    def section_for(self, *, headline: str, column: str | None) -> SectionRule:
        """Return the first section whose column or headline keywords match, else the default."""
        col = squash(column or "")
        for rule in self.sections:
            if col and any(squash(c) == col for c in rule.columns):
                return rule
        for rule in self.sections:
            if any(k in headline for k in rule.keywords):
                return rule
        return self.default_section


def load_config(path: Path | None) -> Config:
    """Read archive.toml; a missing path gives the built-in defaults."""
    if path is None or not path.exists():
        return Config()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: {exc}") from exc
    site = data.get("site", {})
    paper = data.get("paper", {})
    rules = []
    seen: set[str] = set()
    for i, s in enumerate(data.get("section", []), 1):
        if "slug" not in s or "name" not in s:
            raise ConfigError(f"{path}: [[section]] number {i} needs both slug and name")
        if s["slug"] in seen:
            raise ConfigError(f"{path}: section slug {s['slug']!r} is used twice")
        seen.add(s["slug"])
        rules.append(
            SectionRule(
                slug=s["slug"],
                name=s["name"],
                keywords=tuple(s.get("keywords", ())),
                columns=tuple(s.get("columns", ())),
                description=s.get("description", ""),
            )
        )
    default_slug = data.get("default_section", "general")
    default = next((r for r in rules if r.slug == default_slug), SectionRule(default_slug, "综合"))
    base_url = site.get("base_url", "")
    if base_url and not base_url.endswith("/"):
        base_url += "/"
    return Config(
        title=site.get("title", Config.title),
        paper=site.get("paper", Config.paper),
        description=site.get("description", Config.description),
        base_url=base_url,
        names=tuple(paper.get("names", DEFAULT_NAMES)),
        roman=tuple(paper.get("roman", DEFAULT_ROMAN)),
        banners=tuple(data.get("banners", DEFAULT_BANNERS)),
        sections=tuple(rules),
        default_section=default,
        page_size=int(site.get("page_size", 50)),
        feed_issues=int(site.get("feed_issues", 20)),
        path=path,
    )
