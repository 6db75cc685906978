"""The error every failed call raises, carrying the answer's problem details."""

from __future__ import annotations

from typing import TypedDict


class ProblemDetails(TypedDict, total=False):
    """An ``application/problem+json`` body (RFC 9457), with the ``errors`` extension of validation problems."""

    type: str | None
    title: str | None
    status: int | None
    detail: str | None
    instance: str | None
    errors: dict[str, list[str]] | None


class TrustVaultApiError(Exception):
    """A call that TrustVault answered with an error status.

    The problem details (RFC 9457) of the answer are on the error: ``title``, ``detail`` and, for invalid input, the
    messages per field in ``errors``.
    """

    def __init__(self, status: int, problem: ProblemDetails, retry_after: float | None = None) -> None:
        super().__init__(self._describe(status, problem))
        self.status = status
        """The HTTP status of the answer."""
        self.problem = problem
        self.retry_after = retry_after
        """How long to wait before trying again, in seconds, when the answer said so (429 and some 503)."""

    @property
    def type(self) -> str | None:
        return self.problem.get("type")

    @property
    def title(self) -> str | None:
        return self.problem.get("title")

    @property
    def detail(self) -> str | None:
        return self.problem.get("detail")

    @property
    def errors(self) -> dict[str, list[str]]:
        """Messages per input field (e.g. ``days``, ``pageSize``), empty unless the input was invalid."""
        return self.problem.get("errors") or {}

    @staticmethod
    def _describe(status: int, problem: ProblemDetails) -> str:
        title = problem.get("title") or f"HTTP {status}"
        detail = problem.get("detail")
        return f"{status} {title}: {detail}" if detail else f"{status} {title}"
