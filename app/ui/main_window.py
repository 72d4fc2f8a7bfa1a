"""The main window: composes the views list, the queue and the detail pane with menus and actions."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QSplitter, QWidget

from app import __version__
from app.domain.errors import DomainError
from app.domain.queue_filter import BuiltinView
from app.services.app import Services
from app.services.queue import IncidentRow
from app.ui.actions import ActionId, Actions
from app.ui.panels.detail_panel import DetailPanel
from app.ui.panels.queue_panel import QueuePanel
from app.ui.panels.views_panel import ViewsPanel
from app.ui.runner import Runner
from app.ui.wizards.launch import open_categorization, open_logging, open_settings


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
        splitter.setSizes([200, 760, 440])
        self.splitter = splitter
        self.setCentralWidget(splitter)
        self._build_menus()
        self._build_status_bar()
        self.views.view_chosen.connect(self._on_view)
        self.queue.incident_selected.connect(self.detail.show_row)
        self.queue.queue_loaded.connect(self._on_loaded)
        self.queue.incident_activated.connect(lambda _id: self.detail.tabs.setFocus())
        self.runner.error_raised.connect(self.show_error)
        self.runner.busy_changed.connect(lambda busy: self.busy_label.setText(self.tr("Working…") if busy else ""))
        self.resize(1400, 820)
        self._restore()

    def start(self) -> None:
        """Load the first view and the counts (both off the GUI thread)."""
        self.views.choose(0)
        self.views.refresh_counts()

    # -- construction -------------------------------------------------------------------------------

    def _build_menus(self) -> None:
        a = self.actions
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        file_menu.addAction(a[ActionId.NEW_INCIDENT])
        file_menu.addSeparator()
        file_menu.addAction(a[ActionId.QUIT])
        a[ActionId.QUIT].triggered.connect(self.close)
        a[ActionId.NEW_INCIDENT].triggered.connect(self.new_incident)
        view_menu = self.menuBar().addMenu(self.tr("&View"))
        view_menu.addAction(a[ActionId.FOCUS_SEARCH])
        view_menu.addAction(a[ActionId.REFRESH])
        view_menu.addSeparator()
        a[ActionId.FOCUS_SEARCH].triggered.connect(self._focus_search)
        a[ActionId.REFRESH].triggered.connect(self._refresh)
        for n in range(min(9, self.views.list.count())):
            act = QAction(self.views.list.item(n).data(Qt.ItemDataRole.UserRole).name, self)
            act.setShortcut(QKeySequence(f"Ctrl+{n + 1}"))
            act.triggered.connect(lambda _=False, row=n: self.views.choose(row))
            view_menu.addAction(act)
        incident_menu = self.menuBar().addMenu(self.tr("&Incident"))
        incident_menu.addAction(a[ActionId.OPEN_DETAIL])
        incident_menu.addAction(a[ActionId.ACKNOWLEDGE])
        a[ActionId.OPEN_DETAIL].setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.queue.table.addAction(a[ActionId.OPEN_DETAIL])
        a[ActionId.OPEN_DETAIL].triggered.connect(lambda: self.detail.tabs.setFocus())
        a[ActionId.ACKNOWLEDGE].triggered.connect(self.acknowledge_selected)
        incident_menu.addAction(a[ActionId.CATEGORIZE])
        a[ActionId.CATEGORIZE].triggered.connect(self.categorize_selected)
        tools_menu = self.menuBar().addMenu(self.tr("&Tools"))
        tools_menu.addAction(a[ActionId.SETTINGS])
        a[ActionId.SETTINGS].triggered.connect(lambda: open_settings(self, self.services, self.runner))
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        help_menu.addAction(a[ActionId.ABOUT])
        a[ActionId.ABOUT].triggered.connect(self._about)
        tb = self.addToolBar(self.tr("Main"))
        tb.setObjectName("main_toolbar")
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for aid in (ActionId.NEW_INCIDENT, ActionId.ACKNOWLEDGE, ActionId.REFRESH):
            tb.addAction(a[aid])

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
        self.queue.set_filter(view.filter)

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
        self.views.refresh_counts()

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
    def acknowledge_selected(self) -> None:
        ids = self.queue.selected_ids()
        for iid in ids:
            self.runner.mutate(lambda iid=iid: self.services.incidents.acknowledge(iid))

    def selected_row(self) -> IncidentRow | None:
        idx = self.queue.table.currentIndex()
        return self.queue.model.row_at(idx.row()) if idx.isValid() else None

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
        self.runner.shutdown()
        super().closeEvent(event)
