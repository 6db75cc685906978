"""The running app the live tests call: test.sh starts one with the demo seed and sets TRUSTVAULT_BASE_URL."""

from __future__ import annotations

import os
import unittest

from trustvault import Organization, TrustVaultClient

BASE_URL = os.environ.get("TRUSTVAULT_BASE_URL")

TOKEN = os.environ.get("TRUSTVAULT_TOKEN", "tvp_globexdemo26_DemoTokenForTheReadme-NeverUseInProduction")
"""The seeded demo customer's token (README: demo only)."""

live = unittest.skipUnless(BASE_URL, "TRUSTVAULT_BASE_URL names no running app")


def platform(personal_access_token: str = TOKEN) -> TrustVaultClient:
    assert BASE_URL
    return TrustVaultClient(BASE_URL, personal_access_token=personal_access_token)


def gateway(api_key: str) -> TrustVaultClient:
    assert BASE_URL
    return TrustVaultClient(BASE_URL, api_key=api_key)


def globex(client: TrustVaultClient) -> Organization:
    """The demo customer's own organization, Globex Analytics."""
    named = [o for o in client.list_organizations()["items"] if o["name"] == "Globex Analytics"]
    if not named:
        raise AssertionError("The demo customer is no member of Globex Analytics: is the app seeded?")
    return named[0]
