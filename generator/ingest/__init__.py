"""Turn raw issue text into article records (``parse_issue``) and content/ files (``write_issue``)."""

from generator.ingest.parse import IssueError, parse_issue

__all__ = ["IssueError", "parse_issue"]
