"""The record types, defined in `core/records.py` (shared with the domain packages) and named
here too for the pipeline's own modules."""

from core.records import LICENSE_TYPES, FileRecord, RepoSource, content_sha256, file_id

__all__ = ["LICENSE_TYPES", "FileRecord", "RepoSource", "content_sha256", "file_id"]
