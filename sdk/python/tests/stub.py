"""A transport that answers with scripted responses in order and records what was sent."""

from __future__ import annotations

import json
from typing import Any

from trustvault import HttpRequest, HttpResponse


class ScriptedTransport:
    def __init__(self, *responses: HttpResponse) -> None:
        self._responses = list(responses)
        self.requests: list[HttpRequest] = []

    def __call__(self, request: HttpRequest) -> HttpResponse:
        self.requests.append(request)
        if len(self.requests) > len(self._responses):
            raise AssertionError(f"No scripted answer for request {len(self.requests)}.")
        return self._responses[len(self.requests) - 1]


def ok(value: Any) -> HttpResponse:
    return HttpResponse(200, "OK", {"content-type": "application/json"}, json.dumps(value).encode())


def problem(status: int, title: str, detail: str, headers: dict[str, str] | None = None, **extra: Any) -> HttpResponse:
    body = {"type": "https://tools.ietf.org/html/rfc6585#section-4", "title": title, "status": status, "detail": detail, **extra}
    sent = {"content-type": "application/problem+json", **{k.lower(): v for k, v in (headers or {}).items()}}
    return HttpResponse(status, "", sent, json.dumps(body).encode())


def rate_limited(retry_after: str) -> HttpResponse:
    return problem(429, "Rate limit exceeded", "Your plan allows 2 requests per second.", {"Retry-After": retry_after})
