"""A synthetic archive for benchmarks: ~1,500 issues, ~20,000 articles of plausible Chinese.

Words come from pypinyin's phrase dictionary (tens of thousands of real words) drawn with a
Zipf-like weighting, so the index sees a realistic vocabulary.  Each article gets one
unique planted phrase (returned) so recall can be measured exactly.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from pathlib import Path

from pypinyin.phrases_dict import phrases_dict

from generator.ingest.write import write_issue
from generator.model import IssueMeta, ParsedArticle, ParsedIssue

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文单裴全"
GIVEN = "振鑫晓斌兴社崇旭龙君念辉义祥警维睿瑛玮凤艳晓翠文静海峰洋红丽涛明东伟芳娜敏静丽强磊军洋勇艳杰娟涛超秀英华慧巧美"
PUNCT = ["，", "，", "，", "、", "。"]


def _words(rng: random.Random) -> tuple[list[str], list[float]]:
    words = sorted(w for w in phrases_dict if 2 <= len(w) <= 4 and all("\u4e00" <= c <= "\u9fff" for c in w))
    rng.shuffle(words)
    cumulative, total = [], 0.0
    for rank in range(len(words)):
        total += 1.0 / (rank + 10)
        cumulative.append(total)
    return words, cumulative


def _sentence(rng, words, weights, n):
    picked = rng.choices(words, cum_weights=weights, k=n)
    out = []
    for i, w in enumerate(picked):
        out.append(w)
        if i and i % rng.randint(4, 7) == 0:
            out.append(rng.choice(PUNCT[:-1]))
    return "".join(out) + "。"


# Article length in characters: log-normal, median ~1,300 and mean ~1,600, from short briefs
# of a few hundred characters to features of several thousand, as the paper prints them.
LENGTH_MEDIAN, LENGTH_SIGMA, LENGTH_RANGE = 1300, 0.65, (200, 9000)


def article_length(rng: random.Random) -> int:
    return int(min(max(rng.lognormvariate(math.log(LENGTH_MEDIAN), LENGTH_SIGMA), LENGTH_RANGE[0]), LENGTH_RANGE[1]))


def _body(rng, words, weights) -> list[str]:
    """Paragraphs of 2-5 sentences until the article reaches its drawn length."""
    target, paras, size = article_length(rng), [], 0
    while size < target:
        para = "".join(_sentence(rng, words, weights, rng.randint(8, 16)) for _ in range(rng.randint(2, 5)))
        paras.append(para)
        size += len(para)
    return paras


def make_archive(content: Path, issues: int = 1500, per_issue: int = 13, seed: int = 1486) -> list[dict]:
    """Write a synthetic archive into content/; return the planted phrases with their article ids."""
    rng = random.Random(seed)
    words, weights = _words(rng)
    people = sorted({rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.choice((1, 2)))) for _ in range(160)})
    planted = []
    day = dt.date(2018, 1, 2)
    for k in range(issues):
        arts = []
        for seq in range(1, per_issue + rng.randint(-3, 3) + 1):
            paras = _body(rng, words, weights)
            phrase = "".join(rng.choice("甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳") for _ in range(3)) + f"{k:04d}{seq:02d}号"
            where = rng.randrange(len(paras))
            paras[where] = paras[where][:20] + phrase + paras[where][20:]
            reporters = tuple(rng.sample(people, rng.choice((1, 1, 2))))
            title = "".join(rng.choices(words, cum_weights=weights, k=rng.randint(3, 6)))
            arts.append(ParsedArticle(title=title, dateline="东昌府讯", reporters=reporters,
                                      correspondents=tuple(rng.sample(people, rng.choice((0, 0, 1)))),
                                      body="\n\n".join(paras), source_lines=(seq, seq)))
            planted.append({"phrase": phrase, "id": f"{day.isoformat()}-{seq:02d}"})
        meta = IssueMeta(date=day.isoformat(), number=1000 + k, pages=4, weekday=None, lunar=None, masthead="东昌府讯")
        write_issue(ParsedIssue(meta, tuple(arts)), content, f"synthetic-{k}.txt")
        day += dt.timedelta(days=rng.choice((3, 4)))
    return planted


if __name__ == "__main__":
    import sys

    make_archive(Path(sys.argv[1]), issues=int(sys.argv[2]) if len(sys.argv) > 2 else 1500)


def raw_issues(count: int = 1500, seed: int = 7) -> list[str]:
    """Raw issue texts in the shapes archivists receive (masthead, headlines, broken columns)."""
    rng = random.Random(seed)
    words, weights = _words(rng)
    out = []
    day = dt.date(2018, 1, 2)
    for k in range(count):
        lines = ["", "DONGCHANGSHIXUN", "", "# 东昌府讯", "", f"{day.year}年{day.month}月{day.day}日", "",
                 "星期二", "", f"总第{1000 + k}期", "", "今日4版", "", "网址：<http://dcf.lcxw.cn> 投稿邮箱：dcsx2005@sina.com", ""]
        for seq in range(rng.randint(8, 14)):
            title = "".join(rng.choices(words, cum_weights=weights, k=rng.randint(3, 6)))
            lines += [("## " if rng.random() < 0.6 else "") + title, ""]
            if rng.random() < 0.3:
                lines += ["——" + "".join(rng.choices(words, cum_weights=weights, k=4)), ""]
            under = rng.random() < 0.3
            if under:
                lines += ["融媒体 王晓东 通讯员 李明", ""]
            for p in range(rng.randint(3, 7)):
                para = "".join(_sentence(rng, words, weights, rng.randint(8, 16)) for _ in range(rng.randint(2, 5)))
                if p == 0 and not under:
                    para = f"东昌府讯 {day.month}月{day.day}日，" + para
                if rng.random() < 0.25:  # a column break in mid-sentence
                    cut = rng.randint(5, len(para) - 5)
                    lines += [para[:cut].rstrip("。，、"), "", para[cut:], ""]
                else:
                    lines += [para, ""]
            if not under:
                lines += ["(融媒体 徐振鑫 朱晓斌)", ""]
            if seq == 5:
                lines += [f"{day.year}年{day.month}月{day.day}日 星期二 总第{1000 + k}期 今日4版", ""]
        out.append("\n".join(lines))
        day += dt.timedelta(days=3)
    return out
