"""Process settings dialog; a new page is one module listed in `page_classes()`."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.ui.dialogs.settings.base import SettingsPage


def page_classes() -> list[type[SettingsPage]]:
    from app.ui.dialogs.settings.calendar_page import CalendarPage
    from app.ui.dialogs.settings.categories_page import CategoriesPage
    from app.ui.dialogs.settings.groups_page import GroupsPage
    from app.ui.dialogs.settings.matrix_page import MatrixPage
    from app.ui.dialogs.settings.services_page import ServicesPage
    from app.ui.dialogs.settings.sla_page import SlaPage

    return [CategoriesPage, ServicesPage, MatrixPage, SlaPage, CalendarPage, GroupsPage]
