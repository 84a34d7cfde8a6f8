"""The site's files, one kind per module: pages, feed, sitemap, robots.txt, data files, search index.

Each module says which files of its kind the site has, as Outputs; the pipeline renders them.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Output:
    """One file of the site: a template with its context, or a function writing it from some values.

    A function is called as function(out, *args) with the file open for binary writing: large data
    files are streamed to disk as they are made, never held whole in memory. (A rebuild may also
    give it previous=: the file's previous copy, whose rows it may reuse; see incremental/rows.py.)"""

    path: str
    template: str | None = None
    context: dict = field(default_factory=dict)
    function: Callable | None = None
    args: tuple = ()

    @property
    def maker(self) -> str:
        return self.template or f"{self.function.__module__}.{self.function.__qualname__}"
