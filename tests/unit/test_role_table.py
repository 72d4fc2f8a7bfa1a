"""The permission table: each role has its own rights plus all of the roles below it."""

from __future__ import annotations

import pytest

from app.domain.errors import PermissionDenied
from app.domain.roles import PERMISSIONS, Permission, StaffRole, allows, reason, require, roles_with


def test_ladder_of_rights() -> None:
    P = Permission
    assert PERMISSIONS[StaffRole.AGENT] == {P.WORK_INCIDENTS}
    assert PERMISSIONS[StaffRole.TEAM_LEAD] == {P.WORK_INCIDENTS, P.REASSIGN_ACROSS_GROUPS, P.PUBLISH_REVIEW}
    assert PERMISSIONS[StaffRole.MANAGER] == PERMISSIONS[StaffRole.TEAM_LEAD] | {P.RECEIVE_HIERARCHICAL,
                                                                                  P.SEE_ALL_DASHBOARDS}
    assert PERMISSIONS[StaffRole.ADMIN] == set(Permission)
    assert roles_with(P.RECEIVE_HIERARCHICAL) == (StaffRole.MANAGER, StaffRole.ADMIN)


def test_unknown_role_gets_least_rights_and_refusals_say_why() -> None:
    assert allows("agent", Permission.WORK_INCIDENTS) and not allows("bogus", Permission.PUBLISH_REVIEW)
    assert allows(None, Permission.WORK_INCIDENTS) and not allows(None, Permission.MANAGE_USERS)
    with pytest.raises(PermissionDenied) as err:
        require("agent", Permission.PUBLISH_REVIEW)
    assert str(err.value) == ("Only team leads, managers and administrators may publish post-incident reviews "
                              "(you are an agent).")
    assert reason(Permission.MANAGE_USERS) == "Only administrators may change staff records and roles."
    require("admin", Permission.MANAGE_USERS)
