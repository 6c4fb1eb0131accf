"""Link: across articles — syndicated copies, same-event stories, storylines, figure series."""

from storyline.link.update import LinkReport, link_store

__all__ = ["LinkReport", "link_store"]
