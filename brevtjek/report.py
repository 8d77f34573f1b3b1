"""Reports: the result of checking one or many letters, shaped as the JSON contract.

The dictionary produced by :meth:`Report.to_dict` is the stable machine interface (the
``--format json`` output and the Python API). Later features add keys; none may be removed
or change meaning.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from brevtjek import __version__
from brevtjek.document.model import Document
from brevtjek.findings import Finding, Severity


@dataclass(frozen=True)
class FileError:
    """Why a letter could not be checked: a stable code and a Danish message."""

    code: str
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}


@dataclass
class FileReport:
    """The result for one letter."""

    path: str
    status: str = "ok"
    error: FileError | None = None
    facts: dict[str, Any] = field(default_factory=dict)
    metrics: dict[str, Any] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    """Danish notes about reading the file (encoding guessed, parts skipped …)."""
    document: Document | None = field(default=None, repr=False, compare=False)
    """The letter as read (unmasked block texts), kept in-process for reporters that show
    the letter itself (HTML, annotated .docx). Never part of :meth:`to_dict`."""

    @classmethod
    def failed(cls, path: str, code: str, message: str) -> FileReport:
        return cls(path=path, status="error", error=FileError(code, message))

    def count(self, severity: Severity) -> int:
        return sum(1 for finding in self.findings if finding.severity is severity)

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "status": self.status,
            "error": self.error.to_dict() if self.error else None,
            "facts": self.facts,
            "metrics": self.metrics,
            "findings": [finding.to_dict() for finding in self.findings],
            "warnings": list(self.warnings),
        }


@dataclass
class Report:
    """The result for a run over one or more letters."""

    files: list[FileReport] = field(default_factory=list)
    model: dict[str, Any] = field(default_factory=dict)

    @property
    def findings(self) -> list[Finding]:
        return [finding for file in self.files for finding in file.findings]

    def count(self, severity: Severity) -> int:
        return sum(file.count(severity) for file in self.files)

    @property
    def failed_files(self) -> int:
        return sum(1 for file in self.files if file.status == "error")

    def summary(self) -> dict[str, int]:
        return {
            "files": len(self.files),
            "failed_files": self.failed_files,
            "error": self.count(Severity.ERROR),
            "warning": self.count(Severity.WARNING),
            "info": self.count(Severity.INFO),
        }

    def to_dict(self) -> dict[str, Any]:
        tool: dict[str, Any] = {"name": "brevtjek", "version": __version__}
        if self.model:
            tool["model"] = self.model
        return {
            "tool": tool,
            "files": [file.to_dict() for file in self.files],
            "summary": self.summary(),
        }
