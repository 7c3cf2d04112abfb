"""The site stage: an Archive -> pages and data files (what the build renders and writes).

  urls       every page's URL and output path, one function per page kind
  page       a page before rendering: URL, template, title, context
  pages      the list of pages: one function per page kind, each with its template and context
  cite       an article's citation: GB/T 7714-2015, APA, BibTeX and RIS from one record
  feeds      Atom feeds: newest issues, newest articles, each section, column, place and person
  render     the Jinja environment, Markdown to safe HTML, a page rendered
  safe_html  what Markdown may put on a page (links and images with safe URLs only)
  export     the data files for researchers (JSON, CSV) and each issue's data file
"""
