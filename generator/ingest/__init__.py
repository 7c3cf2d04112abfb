"""The ingest stage: raw issue text -> article records (``parse_issue``) -> content/ files (``write_issue``).

Takes the bytes of one printed issue as a converter gave them; gives a ``ParsedIssue`` (the
issue's masthead facts, its articles, what was dropped and why, warnings with line numbers),
and writes it as one Markdown file per article under content/.

  read      bytes -> text (UTF-8, GB18030, UTF-16); refuses what is not issue text
  normalize converters' characters made the paper's own (radicals, invisible, full-width, spacing)
  layout    marks of pictures and rules dropped, 【】 off headlines, photo captions taken out
  masthead  the 报头 (paper, date, 总第N期, 今日N版) wherever it is
  runhead   running heads 书眉 and page footers taken out; each line's 版
  reflow    paragraphs rebuilt from a text that keeps the printed lines (pdftotext, PyMuPDF)
  blocks    lines classified (headline, paragraph, byline, break); cut paragraphs mended
  segment   blocks grouped into articles: banners, kicker/title/subtitle, subheadings, datelines
  byline    记者 and 通讯员 read from a byline
  parse     parse_issue(): the steps above, in order
  conserve  the check that no character of the input was lost
  write     write_issue(): an issue's folder written as one set, hand edits kept
"""

from generator.ingest.parse import IssueError, parse_issue

__all__ = ["IssueError", "parse_issue"]
