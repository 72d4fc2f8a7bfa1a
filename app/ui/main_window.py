"""The main window: composes the views list, the queue and the detail pane with menus and actions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow, QMessageBox, QSplitter, QWidget

from app import __version__
from app.domain.errors import DomainError
from app.domain.queue_filter import BuiltinView
from app.services.app import Services
from app.services.bulk import BulkOp, BulkRequest
from app.services.queue import IncidentRow
from app.ui.actions import ActionId, Actions
from app.ui.communication_menu import CommunicationMenu
from app.ui.detection_channels import DetectionChannels
from app.ui.dialogs.export_dialog import ExportDialog, queue_view_layout, start_export
from app.ui.dialogs.progress import LongJob
from app.ui.lifecycle_menu import LifecycleMenu
from app.ui.panels.bulk_actions import BulkActions
from app.ui.panels.dashboard_panel import DashboardPanel
from app.ui.panels.detail_panel import DetailPanel
from app.ui.panels.queue_panel import QueuePanel
from app.ui.panels.views_panel import ViewsPanel
from app.ui.runner import Runner
from app.ui.team_connect import TeamConnect
from app.ui.wizards.import_wizard import ImportWizard
from app.ui.wizards.launch import open_categorization, open_logging, open_settings

if TYPE_CHECKING:
    from PySide6.QtGui import QDragEnterEvent, QDropEvent


class MainWindow(QMainWindow):
    queue_loaded = Signal(int)

    def __init__(self, services: Services, runner: Runner | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.runner = runner or Runner(self)
        self.setWindowTitle(self.tr("Incident Desk"))
        self.actions = Actions(self)
        self.views = ViewsPanel(services, self.runner, self)
        self.queue = QueuePanel(services, self.runner, self)
        self.detail = DetailPanel(services, self.runner, self)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.views)
        splitter.addWidget(self.queue)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 3)
        splitter.setStretchFactor(2, 2)
        splitter.setSizes([210, 930, 460])
        self.splitter = splitter
        self.setCentralWidget(splitter)
        self.dashboard_dock: QDockWidget | None = None
        self.export_job: LongJob | None = None
        self.bulk = BulkActions(services, self.runner, self.queue, self)
        self._build_menus()
        self._build_status_bar()
        self.lifecycle = LifecycleMenu(self)
        self.communication_menu = CommunicationMenu(self)
        self._build_reporting()
        self.detection = DetectionChannels(self)
        self.views.view_chosen.connect(self._on_view)
        self.queue.incident_selected.connect(self.detail.show_row)
        self.queue.queue_loaded.connect(self._on_loaded)
        self.queue.incident_activated.connect(lambda _id: self.detail.tabs.setFocus())
        self.runner.error_raised.connect(self.show_error)
        self.runner.busy_changed.connect(lambda busy: self.busy_label.setText(self.tr("Working…") if busy else ""))
        self.resize(1600, 900)
        self._restore()

    def start(self) -> None:
        """Load the first view and the counts (both off the GUI thread)."""
        self.lifecycle.start()
        self.views.choose(0)
        self.views.start()
        self.detection.start()

    # -- construction -------------------------------------------------------------------------------

    def _build_menus(self) -> None:
        a = self.actions
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        self.file_menu = file_menu
        file_menu.addAction(a[ActionId.NEW_INCIDENT])
        file_menu.addAction(a[ActionId.IMPORT_CSV])
        a[ActionId.IMPORT_CSV].triggered.connect(self.import_csv)
        file_menu.addAction(a[ActionId.IMPORT_EMAIL])
        self.team = TeamConnect(self.runner, self)
        file_menu.addAction(a[ActionId.CONNECT_SERVER])
        a[ActionId.CONNECT_SERVER].triggered.connect(self.team.ask)
        file_menu.addSeparator()
        file_menu.addAction(a[ActionId.QUIT])
        a[ActionId.QUIT].triggered.connect(self.close)
        a[ActionId.NEW_INCIDENT].triggered.connect(self.new_incident)
        view_menu = self.menuBar().addMenu(self.tr("&View"))
        view_menu.addAction(a[ActionId.FOCUS_SEARCH])
        view_menu.addAction(a[ActionId.REFRESH])
        view_menu.addAction(a[ActionId.CHOOSE_COLUMNS])
        view_menu.addAction(a[ActionId.SAVE_VIEW])
        view_menu.addAction(a[ActionId.DELETE_VIEW])
        a[ActionId.CHOOSE_COLUMNS].triggered.connect(self.queue.choose_columns)
        a[ActionId.SAVE_VIEW].triggered.connect(lambda: self.views.save_current_as(self.queue.effective_filter()))
        a[ActionId.DELETE_VIEW].triggered.connect(self.views.delete_current)
        view_menu.addSeparator()
        a[ActionId.FOCUS_SEARCH].triggered.connect(self._focus_search)
        a[ActionId.REFRESH].triggered.connect(self._refresh)
        for n in range(min(9, self.views.list.count())):
            act = QAction(self.views.list.item(n).data(Qt.ItemDataRole.UserRole).name, self)
            act.setShortcut(QKeySequence(f"Ctrl+{n + 1}"))
            act.triggered.connect(lambda _=False, row=n: self.views.choose(row))
            view_menu.addAction(act)
        incident_menu = self.menuBar().addMenu(self.tr("&Incident"))
        self.incident_menu = incident_menu
        incident_menu.addAction(a[ActionId.OPEN_DETAIL])
        incident_menu.addAction(a[ActionId.ACKNOWLEDGE])
        a[ActionId.OPEN_DETAIL].setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.queue.table.addAction(a[ActionId.OPEN_DETAIL])
        a[ActionId.OPEN_DETAIL].triggered.connect(lambda: self.detail.tabs.setFocus())
        a[ActionId.ACKNOWLEDGE].triggered.connect(self.acknowledge_selected)
        incident_menu.addAction(a[ActionId.REVIEW])
        a[ActionId.REVIEW].triggered.connect(self.open_review)
        view_menu.addAction(a[ActionId.ACTION_ITEMS])
        a[ActionId.ACTION_ITEMS].triggered.connect(self.show_action_items)
        incident_menu.addSeparator()
        incident_menu.addAction(a[ActionId.BULK_ASSIGN])
        incident_menu.addAction(a[ActionId.BULK_STATUS])
        a[ActionId.BULK_ASSIGN].triggered.connect(lambda: self.bulk.start(BulkOp.ASSIGN))
        a[ActionId.BULK_STATUS].triggered.connect(lambda: self.bulk.start(BulkOp.ACKNOWLEDGE))
        self.bulk.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        view_menu.addAction(a[ActionId.MONITORING_INBOX])
        tools_menu = self.menuBar().addMenu(self.tr("&Tools"))
        tools_menu.addAction(a[ActionId.RECEIVE_ALERTS])
        tools_menu.addAction(a[ActionId.ALERTS_AUTO_RESOLVE])
        tools_menu.addAction(a[ActionId.RECEIVER_SETTINGS])
        incident_menu.addAction(a[ActionId.CATEGORIZE])
        a[ActionId.CATEGORIZE].triggered.connect(self.categorize_selected)
        tools_menu.addSeparator()
        tools_menu.addAction(a[ActionId.SETTINGS])
        a[ActionId.SETTINGS].triggered.connect(lambda: open_settings(self, self.services, self.runner))
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        help_menu.addAction(a[ActionId.ABOUT])
        a[ActionId.ABOUT].triggered.connect(self._about)
        tb = self.addToolBar(self.tr("Main"))
        tb.setObjectName("main_toolbar")
        self.main_toolbar = tb
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for aid in (ActionId.NEW_INCIDENT, ActionId.ACKNOWLEDGE, ActionId.REFRESH):
            tb.addAction(a[aid])

    def _build_reporting(self) -> None:
        a = self.actions
        menus = {act.text(): act.menu() for act in self.menuBar().actions()}
        file_menu = menus[self.tr("&File")]
        file_menu.insertAction(a[ActionId.QUIT], a[ActionId.EXPORT_QUEUE_VIEW])
        file_menu.insertSeparator(a[ActionId.QUIT])
        menus[self.tr("&View")].addAction(a[ActionId.SHOW_DASHBOARD])
        a[ActionId.EXPORT_QUEUE_VIEW].triggered.connect(self.export_queue_view)
        a[ActionId.SHOW_DASHBOARD].triggered.connect(self.show_dashboard)

    def _build_status_bar(self) -> None:
        self.store_label = QLabel(self.tr("Store: %1").replace("%1", self.services.location), self)
        self.count_label = QLabel(self)
        self.busy_label = QLabel(self)
        sb = self.statusBar()
        sb.addWidget(self.store_label, 1)
        sb.addPermanentWidget(self.busy_label)
        sb.addPermanentWidget(self.count_label)

    # -- slots --------------------------------------------------------------------------------------

    @Slot(object)
    def _on_view(self, view: BuiltinView) -> None:
        self.queue.set_view(view.key, view.filter)

    @Slot(int)
    def _on_loaded(self, count: int) -> None:
        view = self.views.current_view()
        name = view.name if view else ""
        self.count_label.setText(self.tr("%1: %2 incidents").replace("%1", name).replace("%2", f"{count:,}"))
        self.queue_loaded.emit(count)

    @Slot()
    def _focus_search(self) -> None:
        self.queue.search.setFocus()
        self.queue.search.selectAll()

    @Slot()
    def _refresh(self) -> None:
        self.queue.reload()
        self.views.reload_user_views()

    @Slot()
    def new_incident(self) -> None:
        open_logging(self, self.services, self.runner, self.select_incident)

    @Slot()
    def categorize_selected(self) -> None:
        row = self.selected_row()
        if row is None:
            self.statusBar().showMessage(self.tr("Select an incident to categorize first."), 5000)
            return
        open_categorization(self, self.services, self.runner, row.id, self.select_incident)

    @Slot(int)
    def select_incident(self, incident_id: int) -> None:
        """Select once the queue has the row (its refresh job was queued on the runner before this no-op);
        when the current view does not show it, switch to the view of all incidents first."""
        def select(_: object = None) -> None:
            if self.queue.model.row_of(incident_id) is not None or view_all is None:
                self.queue.select_ids([incident_id])
                return
            self.queue.queue_loaded.connect(lambda _n: self.queue.select_ids([incident_id]),
                                            Qt.ConnectionType.SingleShotConnection)
            self.views.choose(view_all)

        keys = [self.views.list.item(i).data(Qt.ItemDataRole.UserRole).key for i in range(self.views.list.count())]
        view_all = keys.index("all") if "all" in keys else None
        self.runner.run(lambda: None, select)

    @Slot()
    def import_csv(self) -> None:
        if ImportWizard.ask(self.services, self.runner, self) is not None:
            self._refresh()

    @Slot()
    def acknowledge_selected(self) -> None:
        ids = self.queue.selected_ids()
        if ids:  # through the bulk service, so each refusal is explained
            self.runner.mutate(lambda: self.services.bulk.apply(ids, BulkRequest(BulkOp.ACKNOWLEDGE)),
                               self.bulk.show_outcome)

    @Slot()
    def open_review(self, incident_id: int | None = None) -> None:
        from app.ui.dialogs.review_editor import open_review

        row = self.selected_row()
        iid = incident_id or (row.id if row is not None else None)
        if iid is None:
            QMessageBox.information(self, self.tr("Post-incident review"), self.tr("Select an incident first."))
            return
        open_review(self, self.services, self.runner, iid)

    @Slot()
    def show_action_items(self) -> None:
        from app.ui.panels.action_items_panel import action_items_dock

        action_items_dock(self, self.services, self.runner, self.open_review)

    def selected_row(self) -> IncidentRow | None:
        idx = self.queue.table.currentIndex()
        return self.queue.model.row_at(idx.row()) if idx.isValid() else None

    @Slot()
    def export_queue_view(self) -> None:
        view = self.views.current_view()
        columns, sort_column, descending = queue_view_layout(self.queue)
        req = ExportDialog.ask(self, view.name if view else self.tr("Queue"), self.queue.current_filter, columns,
                               sort_column, descending, self.queue.model.rowCount(),
                               self.services.ctx.clock.now().date())
        if req is None:
            return
        job = start_export(self, self.services, req)
        job.finished.connect(lambda r: self.statusBar().showMessage(
            self.tr("Exported %1 incidents to %2").replace("%1", f"{r.rows:,}").replace("%2", str(r.path)), 15000))
        job.cancelled.connect(lambda: self.statusBar().showMessage(self.tr("Export cancelled; no file written"),
                                                                   15000))
        job.failed.connect(self.show_error)
        self.export_job = job

    @Slot()
    def show_dashboard(self) -> None:
        if self.dashboard_dock is None:
            panel = DashboardPanel(self.services, self.runner, self)
            panel.queue_filter_requested.connect(self.queue.set_filter)
            dock = QDockWidget(self.tr("Dashboard"), self)
            dock.setObjectName("dashboard_dock")
            dock.setWidget(panel)
            self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
            dock.setFloating(True)  # a window of its own by default; it can be docked
            dock.resize(1400, 950)
            self.dashboard_dock = dock
        self.dashboard_dock.show()
        self.dashboard_dock.raise_()
        self.dashboard_dock.widget().setFocus()

    @property
    def dashboard(self) -> DashboardPanel | None:
        return self.dashboard_dock.widget() if self.dashboard_dock is not None else None  # type: ignore[return-value]

    @Slot(object)
    def show_error(self, exc: BaseException) -> None:
        if isinstance(exc, DomainError):
            QMessageBox.warning(self, self.tr("Incident Desk"), str(exc))
        else:
            QMessageBox.critical(self, self.tr("Incident Desk"),
                                 self.tr("Something went wrong: %1").replace("%1", repr(exc)))

    @Slot()
    def _about(self) -> None:
        QMessageBox.about(self, self.tr("About Incident Desk"), self.tr(
            "<b>Incident Desk</b> %1<br>ITIL incident management for the service desk.<br><br>"
            "Built with Qt for Python (PySide6) and SQLAlchemy.").replace("%1", __version__))

    # -- persistence --------------------------------------------------------------------------------

    def _restore(self) -> None:
        s = QSettings()
        geometry = s.value("main/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = s.value("main/splitter")
        if state is not None:
            self.splitter.restoreState(state)

    def closeEvent(self, event: QCloseEvent) -> None:
        s = QSettings()
        s.setValue("main/geometry", self.saveGeometry())
        s.setValue("main/splitter", self.splitter.saveState())
        self.queue.save_layout()
        self.queue.watcher.stop()
        self.detection.shutdown()
        self.runner.shutdown()
        super().closeEvent(event)

    # -- e-mail files dropped on the window ----------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.detection.emails.accepts(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        if self.detection.emails.drop(event.mimeData()):
            event.acceptProposedAction()
