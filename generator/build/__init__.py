"""The build stage: content/ -> site/, the recipe that runs the others.

Takes the content folder, the config and a theme; gives a complete site, swapped in whole
(or the previous site left as it was), and the state the next build starts from.

  build     build_site(): the recipe, read top to bottom
  themes    which theme folders; static files copied; a page rendered with them
  state     what the last build was made from: what an incremental build must redo
  stored    how the state is kept on disk: checked JSON, never code
  writer    the one writer of site/: staging folder, lock, swap
  schedule  how the work is spread over worker processes
  progress  the progress line on a terminal
"""

from generator.build.build import BuildReport, build_site
from generator.build.writer import BuildError

__all__ = ["BuildError", "BuildReport", "build_site"]
