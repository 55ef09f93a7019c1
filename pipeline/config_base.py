"""The config section base, defined in `core/config_base.py` (shared with the domain packages) and
named here too for the pipeline's own modules."""

from core.config_base import Section

__all__ = ["Section"]
