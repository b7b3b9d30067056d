"""Who may bind a key result to a metric source the server reads."""

import pytest

from okrs.core.permissions import Actor, OrgRole, TokenScope, can_bind


def actor(role=OrgRole.ADMIN, *, operator=False, token=None):
    return Actor(1, 1, role, {}, token=token, is_operator=operator)


@pytest.mark.parametrize("shared_server", [False, True])
def test_it_lets_admins_bind_to_urls_on_any_server(shared_server):
    assert can_bind(actor(), reads_server=False, shared_server=shared_server)


def test_it_keeps_server_files_for_the_operator_on_a_shared_server():
    assert can_bind(actor(), reads_server=True, shared_server=False)
    assert not can_bind(actor(), reads_server=True, shared_server=True)
    assert can_bind(actor(operator=True), reads_server=True, shared_server=True)


@pytest.mark.parametrize("role", [OrgRole.MEMBER, OrgRole.VIEWER])
def test_it_never_lets_members_or_viewers_bind_even_as_operators(role):
    assert not can_bind(actor(role, operator=True), reads_server=False, shared_server=False)


def test_it_refuses_a_read_only_token_of_an_operator():
    read_only = actor(operator=True, token=TokenScope(can_write=False))
    assert not can_bind(read_only, reads_server=True, shared_server=True)
