"""Pinyin of people's names: surnames read differently from the everyday character.

pypinyin reads 单 as dan, 曾 as ceng, 仇 as chou; as surnames they are shan, zeng, qiu.
"""

from __future__ import annotations

import functools
import re

from generator.text import CJK

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


# --- people named in the text -----------------------------------------------------------

# The common single-character surnames (about 97% of people in China), for telling a name
# from other words in front of a speech verb.
COMMON_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏"
    "魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵"
    "万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘"
    "祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟"
    "艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞"
    "姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝阎"
)
# 张百顺指出，… / 。马军权强调：… / 张百顺在出席…时强调: a speaker at the start of a clause.
_SPEAKER = re.compile(
    rf"(?:^|[，。；：！？“\s])([{CJK}]{{2,3}}?)(?:指出|强调|要求|表示|提出|说|在[{CJK}“”]{{2,24}}时(?:强调|指出|表示|要求|说))[，：,:]?"
)
# 市长张百顺出席 / 组长张百顺出席会议: an office, then the name, then what the person did.
_OFFICE = re.compile(
    rf"(?:书记|[市区县镇乡省]长|组长|主任|主席|局长|部长|董事长|总经理)([{CJK}]{{2,3}}?)"
    rf"(?:出席|主持|讲话|指出|强调|要求|参加|调研|会见|带队|一行|介绍|表示)"
)


# Words that stand before a speech verb as a name would (明确指出, 同时强调).
_NOT_NAMES = frozenset("明确 同时 特别 再次 多次 反复 重点 专门 首先 最后 会上 文件 报告 讲话 通知 还 也 都 又".split())
_NOT_NAME_END = ("会", "区", "市", "委", "组", "部", "局", "们", "书记", "长", "任", "席", "员", "队", "家")


def mentioned_names(*texts: str) -> list[str]:
    """People a headline or text names as speakers or by their office (张百顺指出，…;
    市长张百顺出席…), in order of first mention.  Only a word that starts with a common surname
    and ends like no body or office counts, so that 会议指出, 全区要求 or 王书记强调 name nobody."""
    found: dict[str, None] = {}
    for text in texts:
        for pattern in (_SPEAKER, _OFFICE):
            for m in pattern.finditer(text or ""):
                name = m.group(1)
                if name[0] in COMMON_SURNAMES and name not in _NOT_NAMES and not name.endswith(_NOT_NAME_END):
                    found.setdefault(name, None)
    return list(found)
