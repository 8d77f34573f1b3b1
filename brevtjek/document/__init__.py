"""Readers that turn a letter file into the plain :class:`Document` model."""

from brevtjek.document.loader import load_document
from brevtjek.document.model import Block, Document, Part, Role, Segment

__all__ = ["Block", "Document", "Part", "Role", "Segment", "load_document"]
