"""archive.toml -> Config: site settings, the paper's names, column banners and section rules."""

from __future__ import annotations

import difflib
import re
import tomllib
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from generator.papers import paper_named
from generator.text import squash

DEFAULT_NAMES = ("东昌府讯", "东昌时讯")
DEFAULT_ROMAN = ("DONGCHANGSHIXUN", "DONGCHANGFUXUN")
# Recurring column banners (栏目) of the paper.  archive.toml replaces this list.
_DEFAULT_PAPER = paper_named(DEFAULT_NAMES)
DEFAULT_BANNERS = _DEFAULT_PAPER.banners


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
    publisher: str = "东昌府区融媒体中心"  # who publishes the paper (the footer says 主办); empty: not said
    base_url: str = ""  # e.g. https://user.github.io/repo/ ; empty: no sitemap, relative only
    names: tuple[str, ...] = DEFAULT_NAMES
    roman: tuple[str, ...] = DEFAULT_ROMAN
    banners: tuple[str, ...] = DEFAULT_BANNERS
    sections: tuple[SectionRule, ...] = ()
    default_section: SectionRule = field(default_factory=lambda: SectionRule("general", "综合"))
    page_size: int = 50
    feed_issues: int = 20
    edit_url: str = ""  # 纠错: https://github.com/OWNER/REPO/edit/main/{path}, {path} an article file's
    offline_url: str = ""  # where the offline zip (dcsx bundle) can be downloaded; shown on the site
    place_aliases: tuple[tuple[str, str], ...] = _DEFAULT_PAPER.aliases  # dateline (阎寺讯) -> place
    # The district's 乡镇/街道: archive.toml's [places] names, else the list dcsx knows for the paper.
    places: tuple[str, ...] = _DEFAULT_PAPER.places
    not_places: tuple[str, ...] = ("本报讯",)  # datelines that name no place (besides the paper's names)
    theme: str = ""  # a theme folder (relative to archive.toml); empty: the default theme
    path: Path | None = None

    @property
    def theme_path(self) -> Path | None:
        if not self.theme:
            return None
        folder = self.path.parent if self.path else Path.cwd()
        return folder / self.theme

    @property
    def banner_keys(self) -> frozenset[str]:
        return frozenset(squash(b) for b in self.banners)

    def all_sections(self) -> tuple[SectionRule, ...]:
        known = {s.slug for s in self.sections}
        return self.sections + (() if self.default_section.slug in known else (self.default_section,))

    def place_for(self, dateline: str | None) -> str | None:
        """The 乡镇/街道 a dateline names: 柳园讯 -> 柳园街道 by the config's aliases, else by the
        default rule (the dateline without 讯; a name ending in 街 becomes …街道).  The paper's own
        names, 本报讯 and wire services (新华社…电) name no place."""
        if not dateline:
            return None
        text = dateline.strip()
        aliases = dict(self.place_aliases)
        if text in aliases:
            return aliases[text]
        if text in self.not_places or text in self.names or not text.endswith("讯") or text.startswith("新华社"):
            return None
        name = text[:-1]
        if name in aliases:
            return aliases[name]
        if self.places:  # a dateline abbreviates one of the district's places: 古楼讯, 古楼街讯 -> 古楼街道
            known = [p for p in self.places if p.startswith(name)]
            if len(known) == 1:
                return known[0]
        return name + "道" if name.endswith("街") else name

    def place_in(self, headline: str) -> str | None:
        """The one known place a headline names (柳园街道文苑社区…), or None (none, or several)."""
        named = {p for p in self.places if p in headline}
        return named.pop() if len(named) == 1 else None

    def section_for(self, *, headline: str, column: str | None) -> SectionRule:
        """The first section, in archive.toml's order, whose columns or headline keywords match;
        else the default.  (One rule, as the README and archive.toml say: a column named by a
        later section does not beat a keyword of an earlier one.)"""
        return self.section_reason(headline=headline, column=column)[0]

    def section_reason(self, *, headline: str, column: str | None) -> tuple[SectionRule, str | None]:
        """The section and why: (rule, None) when its banner is one of the section's columns,
        (rule, keyword) when the headline holds one of its keywords, (default, "") otherwise."""
        col = squash(column or "")
        for rule in self.sections:
            if col and any(squash(c) == col for c in rule.columns):
                return rule, None
            hit = next((k for k in rule.keywords if k in headline), None)
            if hit:
                return rule, hit
        return self.default_section, ""


# The keys archive.toml may hold, table by table, with the type each must have.
_SCHEMA: dict[str, dict[str, type | tuple[type, ...]]] = {
    "": {"site": dict, "paper": dict, "banners": list, "default_section": str, "section": list, "places": dict},
    "places": {"names": list, "aliases": dict, "not_places": list},
    "site": {"title": str, "paper": str, "description": str, "base_url": str, "page_size": int, "feed_issues": int,
             "default_section": str, "theme": str, "offline_url": str, "edit_url": str, "publisher": str},
    "paper": {"names": list, "roman": list, "banners": list},
    "section": {"slug": str, "name": str, "keywords": list, "columns": list, "description": str},
}
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def normalize_base_url(value: str, where: str) -> str:
    """An http(s) URL ending in '/', or ConfigError naming where it came from."""
    parts = urllib.parse.urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise ConfigError(f"{where}: {value!r} is not a web address; write it in full, like "
                          "'https://user.github.io/repo/'")
    return value.strip().rstrip("/") + "/"


def _aliases(table: dict, path: Path) -> tuple[tuple[str, str], ...]:
    """[places] aliases = {"柳园讯" = "柳园街道", …}: every value a place name."""
    for key, value in table.items():
        if not isinstance(value, str) or not value.strip():
            raise ConfigError(f"{path}: places.aliases: {key!r} must map to a place name in quotes, like "
                              "\"柳园讯\" = \"柳园街道\"")
    return tuple(sorted((k.strip(), v.strip()) for k, v in table.items()))


def edit_url_pattern(value: str, where: str) -> str:
    """An http(s) address with {path} where an article file's path goes (or nothing)."""
    value = value.strip()
    if not value:
        return ""
    parts = urllib.parse.urlsplit(value.replace("{path}", "x"))
    if parts.scheme not in ("http", "https") or not parts.netloc or "{path}" not in value:
        raise ConfigError(f"{where}: {value!r} must be an http(s) address holding {{path}}, like "
                          "'https://github.com/OWNER/REPO/edit/main/{path}'")
    return value


def _offline_url(value: str, path: Path) -> str:
    """Where readers download the offline zip: an http(s) address (a release asset, say)."""
    value = value.strip()
    if not value:
        return ""
    parts = urllib.parse.urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigError(f"{path}: site.offline_url {value!r} must be an http(s) address, like "
                          "'https://github.com/OWNER/REPO/releases/latest/download/archive.zip'")
    return value


def _check_table(table: dict, name: str, where: str) -> None:
    known = _SCHEMA[name]
    for key, value in table.items():
        label = f"{name}.{key}" if name else key
        if key not in known:
            near = difflib.get_close_matches(key, sorted(known), n=1)
            hint = f"; did you mean '{near[0]}'?" if near else f"; known keys: {', '.join(sorted(known))}"
            raise ConfigError(f"{where}: unknown key '{label}'{hint}")
        want = known[key]
        if isinstance(value, bool) or not isinstance(value, want):
            raise ConfigError(f"{where}: '{label}' must be {_TYPE_NAMES[want]}, not {value!r}")
        if want is list and key != "section" and not all(isinstance(v, str) and v.strip() for v in value):
            raise ConfigError(f"{where}: '{label}' must be a list of words in quotes, like [\"甲\", \"乙\"]")


def _nearest(name: str, known) -> str:
    """'; did you mean …?' for the closest known name, or the list of them."""
    known = sorted(known)
    near = difflib.get_close_matches(name, known, n=1, cutoff=0.5)
    if near:
        return f"; did you mean {near[0]!r}?"
    return f"; known: {', '.join(repr(k) for k in known)}" if known else ""


_TYPE_NAMES = {str: "text in quotes", int: "a whole number", list: "a list [...]", dict: "a table"}


def load_config(path: Path | None, *, required: bool = False) -> Config:
    """Read and validate archive.toml; a missing file gives the defaults unless ``required``."""
    if path is None or not path.exists():
        if required:
            raise ConfigError(f"{path}: no such file; check --config (or run dcsx in the archive's folder)")
        return Config()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: {exc}") from exc
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read it: {exc.strerror}") from exc
    _check_table(data, "", str(path))
    site = data.get("site", {})
    paper = data.get("paper", {})
    _check_table(site, "site", str(path))
    _check_table(paper, "paper", str(path))
    places = data.get("places", {})
    _check_table(places, "places", str(path))
    for key in ("page_size", "feed_issues"):
        if key in site and not 1 <= site[key] <= 10_000:
            raise ConfigError(f"{path}: 'site.{key}' must be between 1 and 10000, not {site[key]}")
    rules = []
    seen: set[str] = set()
    for i, s in enumerate(data.get("section", []), 1):
        if not isinstance(s, dict):
            raise ConfigError(f"{path}: [[section]] number {i} must be a table")
        _check_table(s, "section", f"{path}: [[section]] number {i}")
        if "slug" not in s or "name" not in s:
            raise ConfigError(f"{path}: [[section]] number {i} needs both slug and name")
        if not _SLUG.fullmatch(s["slug"]):
            raise ConfigError(f"{path}: [[section]] number {i}: slug {s['slug']!r} may hold only a-z, 0-9 and "
                              "single hyphens (it becomes a folder name), like 'rural-life'")
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
    default_slug = site.get("default_section", data.get("default_section", "general"))
    if not _SLUG.fullmatch(default_slug):
        raise ConfigError(f"{path}: default_section {default_slug!r} may hold only a-z, 0-9 and single hyphens")
    if rules and ("default_section" in site or "default_section" in data) and default_slug not in seen:
        raise ConfigError(f"{path}: default_section {default_slug!r} names no [[section]]{_nearest(default_slug, seen)}")
    banners = tuple(paper.get("banners", data.get("banners", DEFAULT_BANNERS)))
    known_banners = {squash(b): b for b in banners}
    for rule in rules:
        for column in rule.columns:
            if squash(column) not in known_banners:
                raise ConfigError(f"{path}: section {rule.slug!r}: column {column!r} is not in [paper] banners (add "
                                  f"it there too){_nearest(column, known_banners.values())}")
    names = tuple(paper.get("names", DEFAULT_NAMES))
    district = paper_named(names)
    if "names" in places:
        places_list = tuple(dict.fromkeys(p.strip() for p in places["names"]))
    else:  # the list dcsx knows for this paper's district, if any
        places_list = district.places if district else ()
    aliases = _aliases(places.get("aliases", {}), path)
    if district and places_list == district.places:
        aliases = tuple(dict(district.aliases + aliases).items())
    if places_list:
        for dateline, place in aliases:
            if place not in places_list:
                raise ConfigError(f"{path}: places.aliases: {dateline!r} maps to {place!r}, which is not in "
                                  f"places.names{_nearest(place, places_list)}")
    default = next((r for r in rules if r.slug == default_slug), SectionRule(default_slug, "综合"))
    base_url = site.get("base_url", "")
    if base_url:
        base_url = normalize_base_url(base_url, f"{path}: site.base_url")
    return Config(
        title=site.get("title", Config.title),
        paper=site.get("paper", Config.paper),
        description=site.get("description", Config.description),
        publisher=site.get("publisher", Config.publisher).strip(),
        base_url=base_url,
        names=names,
        roman=tuple(paper.get("roman", DEFAULT_ROMAN)),
        banners=banners,
        sections=tuple(rules),
        default_section=default,
        page_size=site.get("page_size", 50),
        feed_issues=site.get("feed_issues", 20),
        place_aliases=aliases,
        places=places_list,
        not_places=tuple(places.get("not_places", Config.not_places)),
        theme=site.get("theme", ""),
        offline_url=_offline_url(site.get("offline_url", ""), path),
        edit_url=edit_url_pattern(site.get("edit_url", ""), f"{path}: site.edit_url"),
        path=path,
    )
