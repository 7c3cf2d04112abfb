"""Pinyin of people's names: surnames read differently from the everyday character.

pypinyin reads 单 as dan, 曾 as ceng, 仇 as chou; as surnames they are shan, zeng, qiu.
"""

from __future__ import annotations

import functools
import re

# pypinyin is imported where it is used: loading its dictionaries takes a third of a second,
# which a rebuild with nothing to do (and every other command) should not pay.

COMPOUND_SURNAMES = {
    "欧阳": "ou yang", "司马": "si ma", "诸葛": "zhu ge", "上官": "shang guan", "东方": "dong fang",
    "皇甫": "huang fu", "尉迟": "yu chi", "公孙": "gong sun", "慕容": "mu rong", "长孙": "zhang sun",
    "令狐": "ling hu", "宇文": "yu wen", "夏侯": "xia hou", "端木": "duan mu", "万俟": "mo qi",
    "澹台": "tan tai", "司徒": "si tu", "申屠": "shen tu", "轩辕": "xuan yuan", "南宫": "nan gong",
}
# Single-character surnames whose surname reading differs from pypinyin's default.
SURNAME_READINGS = {
    "单": "shan", "曾": "zeng", "仇": "qiu", "解": "xie", "朴": "piao", "区": "ou", "查": "zha", "盖": "ge",
    "尉": "yu", "乐": "yue", "缪": "miao", "翟": "zhai", "覃": "qin", "繁": "po", "黑": "he", "召": "shao",
    "员": "yun", "折": "she", "种": "chong", "秘": "bi", "句": "gou", "能": "nai", "角": "jue", "柏": "bai",
    "薄": "bo", "牟": "mu", "宓": "fu", "隗": "wei", "冼": "xian", "祭": "zhai", "莘": "shen", "藏": "zang",
    "都": "du", "重": "chong", "纪": "ji", "任": "ren", "沈": "shen", "贾": "jia", "华": "hua", "燕": "yan",
    "阚": "kan", "逄": "pang", "郇": "huan", "眭": "sui", "訾": "zi", "亓": "qi", "蔺": "lin", "褚": "chu",
}


def split_name(name: str) -> tuple[str, str]:
    """Return (surname, given name)."""
    if name[:2] in COMPOUND_SURNAMES and len(name) > 2:
        return name[:2], name[2:]
    return name[:1], name[1:]


def name_syllables(name: str) -> list[str]:
    """Pinyin syllables of a name, the surname read as a surname (徐振鑫 -> xu zhen xin)."""
    return list(_syllables(name))


@functools.lru_cache(maxsize=None)  # names recur in every sort of people and coauthors
def _syllables(name: str) -> tuple[str, ...]:
    from pypinyin import Style, lazy_pinyin

    surname, given = split_name(name)
    if surname in COMPOUND_SURNAMES:
        head = COMPOUND_SURNAMES[surname].split()
    elif surname in SURNAME_READINGS:
        head = [SURNAME_READINGS[surname]]
    else:
        head = lazy_pinyin(surname, errors="ignore")
    tail = lazy_pinyin(given, errors="ignore", style=Style.NORMAL)
    return tuple(s.replace("ü", "v") for s in head + tail if s)


def name_readings(name: str) -> list[list[str]]:
    """Every plausible reading of a name: each reading of the surname (单 dan and shan)."""
    from pypinyin import Style, pinyin

    surname, given = split_name(name)
    tail = name_syllables(name)[len(name_syllables(surname)):] if given else []
    heads: list[list[str]] = [name_syllables(surname) if given else name_syllables(name)]
    if surname not in COMPOUND_SURNAMES:
        for reading in pinyin(surname, style=Style.NORMAL, heteronym=True)[0]:
            syl = [reading.replace("ü", "v")]
            if syl not in heads:
                heads.append(syl)
    return [h + tail for h in heads]


def name_slug(name: str) -> str:
    """URL slug from a name's pinyin (xu-zhen-xin); a name with no pinyin falls back to hex."""
    slug = "-".join(re.sub(r"[^a-z0-9]", "", s.lower()) for s in name_syllables(name))
    slug = re.sub(r"-+", "-", slug).strip("-")
    return slug or "u" + name.encode("utf-8").hex()[:16]


def initial(name: str) -> str:
    """A–Z letter of the surname's pinyin ('#' when there is none)."""
    syl = name_syllables(name)
    letter = syl[0][:1].upper() if syl else ""
    return letter if "A" <= letter <= "Z" else "#"


def text_slug(text: str, limit: int = 6) -> str:
    """Slug for sections and columns from the first characters' pinyin."""
    from pypinyin import lazy_pinyin

    syl = lazy_pinyin(re.sub(r"\s+", "", text)[:limit], errors=lambda s: [c for c in s if c.isalnum()])
    slug = "-".join(re.sub(r"[^a-z0-9]", "", s.lower()) for s in syl)
    return re.sub(r"-+", "-", slug).strip("-") or "x" + text.encode("utf-8").hex()[:12]
