"""Who may do what: staff roles, the permissions each adds, and the reason given when one is missing."""

from __future__ import annotations

from enum import Enum

from app.domain.errors import PermissionDenied


class StaffRole(Enum):
    AGENT = "agent"
    TEAM_LEAD = "team_lead"
    MANAGER = "manager"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return {"agent": "Agent", "team_lead": "Team lead", "manager": "Manager", "admin": "Administrator"}[self.value]

    @classmethod
    def of(cls, value: str | None) -> StaffRole:
        """Unknown or missing roles get the least rights."""
        try:
            return cls(value)
        except ValueError:
            return cls.AGENT


class Permission(Enum):
    WORK_INCIDENTS = "work_incidents"  # log, acknowledge, note, escalate, resolve, close ...
    REASSIGN_ACROSS_GROUPS = "reassign_across_groups"  # move an incident to another group by assignment
    PUBLISH_REVIEW = "publish_review"
    RECEIVE_HIERARCHICAL = "receive_hierarchical"  # be the target of a hierarchical escalation
    SEE_ALL_DASHBOARDS = "see_all_dashboards"  # dashboards over every group, not only one's own
    CHANGE_SETTINGS = "change_settings"  # process settings: matrix, SLA, calendars, templates
    MANAGE_USERS = "manage_users"  # staff records and their roles; acting as someone else on a server


# Each role has everything the one before it has, plus its own (the ladder).
_ADDS: dict[StaffRole, frozenset[Permission]] = {
    StaffRole.AGENT: frozenset({Permission.WORK_INCIDENTS}),
    StaffRole.TEAM_LEAD: frozenset({Permission.REASSIGN_ACROSS_GROUPS, Permission.PUBLISH_REVIEW}),
    StaffRole.MANAGER: frozenset({Permission.RECEIVE_HIERARCHICAL, Permission.SEE_ALL_DASHBOARDS}),
    StaffRole.ADMIN: frozenset({Permission.CHANGE_SETTINGS, Permission.MANAGE_USERS}),
}
LADDER = (StaffRole.AGENT, StaffRole.TEAM_LEAD, StaffRole.MANAGER, StaffRole.ADMIN)

PERMISSIONS: dict[StaffRole, frozenset[Permission]] = {
    role: frozenset().union(*(_ADDS[r] for r in LADDER[: LADDER.index(role) + 1])) for role in LADDER
}

WHAT: dict[Permission, str] = {
    Permission.WORK_INCIDENTS: "work on incidents",
    Permission.REASSIGN_ACROSS_GROUPS: "move incidents to another group by reassigning them",
    Permission.PUBLISH_REVIEW: "publish post-incident reviews",
    Permission.RECEIVE_HIERARCHICAL: "receive hierarchical escalations",
    Permission.SEE_ALL_DASHBOARDS: "see dashboards across all groups",
    Permission.CHANGE_SETTINGS: "change process settings",
    Permission.MANAGE_USERS: "change staff records and roles",
}


def allows(role: str | StaffRole | None, permission: Permission) -> bool:
    r = role if isinstance(role, StaffRole) else StaffRole.of(role)
    return permission in PERMISSIONS[r]


def roles_with(permission: Permission) -> tuple[StaffRole, ...]:
    return tuple(r for r in LADDER if permission in PERMISSIONS[r])


def reason(permission: Permission, role: str | StaffRole | None = None) -> str:
    """'Only team leads, managers and administrators may publish post-incident reviews (you are an agent).'"""
    plural = {StaffRole.AGENT: "agents", StaffRole.TEAM_LEAD: "team leads", StaffRole.MANAGER: "managers",
              StaffRole.ADMIN: "administrators"}
    names = [plural[r] for r in roles_with(permission)]
    who = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    text = f"Only {who} may {WHAT[permission]}"
    if role is not None:
        r = role if isinstance(role, StaffRole) else StaffRole.of(role)
        article = "an" if r.label[0] in "AEIOU" else "a"
        text += f" (you are {article} {r.label.lower()})"
    return text + "."


def require(role: str | StaffRole | None, permission: Permission) -> None:
    if not allows(role, permission):
        raise PermissionDenied(reason(permission, role))
