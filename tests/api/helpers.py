"""API clients for personas."""

from __future__ import annotations

from django.test import Client

from egovpm.accounts.tokens import token_issue

PASSWORD = "Pass-word-123"


def client_for(user) -> Client:
    token = token_issue(username=user.username, password=PASSWORD)
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")
