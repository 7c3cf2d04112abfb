"""What dcsx knows of the papers it was made for: their names, column banners (栏目) and the
乡镇/街道 of their district, so that `dcsx new --paper NAME` writes them into archive.toml.

A dateline names a place by abbreviating it (古楼讯, 古楼街讯 -> 古楼街道): with the district's
list in archive.toml ([places] names), each abbreviation maps to the one place it shortens.  The
list holds every name the paper printed over the years (places merged or renamed keep their old
name here, so old issues still find theirs).  Another county's paper: write its lists into
archive.toml by hand, or add the paper here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Paper:
    names: tuple[str, ...]  # as printed on the masthead over the years
    district: str
    places: tuple[str, ...]  # the district's 乡镇/街道 by their full names
    aliases: tuple[tuple[str, str], ...] = ()  # other spellings of a place's dateline
    banners: tuple[str, ...] = ()  # recurring column banners (栏目)


PAPERS = (
    Paper(
        names=("东昌府讯", "东昌时讯"),
        district="东昌府区",
        places=(
            # 街道 (2025: eleven)
            "古楼街道", "柳园街道", "新区街道", "湖西街道", "东城街道", "闫寺街道", "北城街道",
            "道口铺街道", "李海务街道", "蒋官屯街道", "九州街道", "凤凰街道",
            # 镇 (2025: thirteen; 韩集 and 广平 were 乡 before)
            "侯营镇", "沙镇镇", "堂邑镇", "梁水镇镇", "郑家镇", "斗虎屯镇", "张炉集镇", "于集镇",
            "许营镇", "朱老庄镇", "顾官屯镇", "韩集镇", "广平镇",
        ),
        aliases=(("阎寺讯", "闫寺街道"), ("阎寺街道讯", "闫寺街道")),
        banners=(
            "深入学习宣传贯彻党的二十大精神 我为群众办实事",
            "深入学习宣传贯彻党的二十大精神",
            "我为群众办实事",
            "同心协力 共抗疫情",
            "宣讲进行时",
            "牢记嘱托走在前 勇担使命开新局",
        ),
    ),
)


def paper_named(names: list[str] | tuple[str, ...]) -> Paper | None:
    """The known paper that bears one of these names, or None."""
    wanted = set(names)
    return next((p for p in PAPERS if wanted & set(p.names)), None)
