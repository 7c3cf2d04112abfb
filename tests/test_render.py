"""render_markdown's shortcut for plain articles must write exactly what Markdown writes."""

import html
import random

from generator.site.render import _markdown, plain_markdown, render_markdown

ALPHABET = (list("东昌府讯新闻。，：“”（）、；！？abc019 .-+#=*_>|&<`[]()!:\\~\t")
            + ["\n", "\n\n", "\n\n\n", "## ", "# ", "###### 小", "####### 大", "1. ", "1) ", "  ", "    ", "\u3000",
               "\xa0", "\u2003", "\u202e", "\u2028", "\r", "\x0c", "\x85", "---", "***", "===", "&amp;", "<b>",
               "http://x.cn", "[链接](javascript:alert(1))", "\n## 小标题\n", "\u3000\u3000段落"])


def test_the_shortcut_writes_what_markdown_writes_or_steps_aside():
    rng = random.Random(2026)
    taken = 0
    for _ in range(40000):
        text = html.escape("".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 40))), quote=False)
        fast = plain_markdown(text)
        if fast is not None:
            taken += 1
            assert fast == _markdown().reset().convert(text), text
    assert taken > 1000  # the comparison above ran on many texts


def test_an_article_of_paragraphs_and_subheads_takes_the_shortcut():
    body = "东昌府讯 11月20日，区里召开会议。\n会议指出，要抓好落实。\n\n## 小标题\n\n第二段正文，2022年11月。"
    assert plain_markdown(body) == ("<p>东昌府讯 11月20日，区里召开会议。\n会议指出，要抓好落实。</p>\n"
                                    "<h2>小标题</h2>\n<p>第二段正文，2022年11月。</p>")
    assert str(render_markdown(body)) == plain_markdown(body)
    assert plain_markdown("\u3000\u3000全角缩进的段落") is None  # Markdown strips it: left to Markdown
    assert 'href="javascript' not in str(render_markdown("[点击](javascript:alert(1))"))


def test_an_excerpt_of_the_first_lines_is_the_excerpt_of_the_whole():
    """excerpt() flattens only the first lines of a long body: it must give what flattening it all gives."""
    from generator.text import excerpt, plain_text

    def whole(text, limit):
        flat = plain_text(text)
        return flat if len(flat) <= limit else flat[:limit].rstrip() + "…"

    rng = random.Random(77)
    for _ in range(3000):
        limit = rng.choice([5, 20, 90, 200])
        text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 6 * limit)))
        assert excerpt(text, limit) == whole(text, limit), (text, limit)
