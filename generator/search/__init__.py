"""The search stage: an Archive -> the client-side search files of the site (``search/``).

Takes the archive's articles (and, for an update, the previous build's ``IndexState`` and
articles); gives the index pieces, result records and global files, written through the
build's writer, and the state the next build updates from.

  tokens     the tokenizer specification (its JavaScript twin: static/dcsx-tokenize.js)
  documents  articles as search documents: stable numbers, field tokens, result records
  chars      the records' text packed in about 0.6 of its UTF-8 bytes (static code table)
  format     the index format: numbers as base-32 digits, the hash trie of pieces, payloads
  whole      the whole index built as numpy arrays (a full build)
  update     the previous index edited in place (an incremental build); entries and pieces
             are the byte-level edits it makes
  state      what an update needs of the last build; the global files
  index      write_search_index(): the one entry point
"""
