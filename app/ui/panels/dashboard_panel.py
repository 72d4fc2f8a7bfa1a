"""Metrics dashboard: date range and filters, KPI tiles, four QtCharts charts and tables; bars drill into the queue."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QDate, QMargins, Qt, Signal, Slot
from PySide6.QtGui import QColor, QFont, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTableView,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.queue_filter import QueueFilter
from app.export.csv_safe import CsvOptions
from app.export.metrics_report import title_of, write_csv, write_table_csv
from app.services.app import Services
from app.services.metrics import DashboardMetrics, MetricsQuery, MetricTable, Rate
from app.ui.models.metric_table_model import MetricTableModel
from app.ui.runner import Runner
from app.ui.widget_pdf import widget_to_pdf

PRESETS: tuple[tuple[str, int | None], ...] = (
    ("Last 7 days", 7), ("Last 30 days", 30), ("Last 90 days", 90), ("Last 180 days", 180),
    ("Last 365 days", 365), ("Custom range", None),
)
TABLES: tuple[tuple[str, str], ...] = (
    ("volume_by_category", "Categories"), ("top_categories", "Top subcategories"), ("volume_by_service", "Services"),
    ("volume_by_group", "Groups"), ("volume_by_source", "Sources"), ("mtta_by_priority", "MTTA by priority"),
    ("mttr_by_priority", "MTTR by priority"), ("mtta_by_group", "MTTA by group"), ("mttr_by_group", "MTTR by group"),
    ("sla_by_priority", "SLA by priority"),
)


def ask_save_path(parent: QWidget, caption: str, name: str, pattern: str) -> Path | None:
    """Module-level so tests can replace it; an empty answer means the user cancelled."""
    path, _ = QFileDialog.getSaveFileName(parent, caption, name, pattern)
    return Path(path) if path else None


def _hours(minutes: float | None) -> str:
    if minutes is None:
        return "–"
    return f"{minutes:.0f} min" if minutes < 90 else f"{minutes / 60:.1f} h"


def _pct(rate: Rate) -> str:
    return "–" if rate.pct is None else f"{rate.pct:.1f} %"


def series_colours(palette: QPalette) -> tuple[QColor, QColor]:
    """The palette's highlight, and a partner hue from it, so both palettes (light and dark) read well."""
    primary = palette.color(QPalette.ColorRole.Highlight)
    h, s, lightness, a = primary.getHsl()
    partner = QColor.fromHsl((max(h, 0) + 200) % 360, max(s, 120), lightness, a)
    return primary, partner


def sparse_labels(categories: Sequence[str], most: int = 10) -> list[str]:
    """Every k-th label so a long trend stays legible; the others are distinct invisible strings, because a
    category axis merges equal labels."""
    step = max(1, -(-len(categories) // most))
    return [c if i % step == 0 else "\u200b" * (i + 1) for i, c in enumerate(categories)]


@dataclass(frozen=True)
class BarKeys:
    """What a bar stands for: the drill-down dimension and one key per category of the axis."""

    dimension: str
    keys: tuple[Any, ...]


class KpiTile(QFrame):
    def __init__(self, caption: str, tip: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setToolTip(tip)
        self.value = QLabel("–", self)
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        self.value.setFont(font)
        self.caption = QLabel(caption, self)
        self.detail = QLabel("", self)
        self.detail.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(0)
        layout.addWidget(self.caption)
        layout.addWidget(self.value)
        layout.addWidget(self.detail)

    def set(self, value: str, detail: str = "") -> None:
        self.value.setText(value)
        self.detail.setText(detail)


class ChartCard(QFrame):
    """A chart with its title, a CSV export button and bar clicks reported as (set index, category index)."""

    bar_clicked = Signal(int, int)
    csv_requested = Signal()

    def __init__(self, title: str, tip: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = QLabel(f"<b>{title}</b>", self)
        self.title.setToolTip(tip)
        self.csv_button = QToolButton(self)
        self.csv_button.setText(self.tr("CSV…"))
        self.csv_button.setToolTip(self.tr("Export this chart's figures to a CSV file"))
        self.csv_button.clicked.connect(self.csv_requested)
        self.chart = QChart()
        self.chart.legend().setVisible(False)
        self.chart.setMargins(QMargins(4, 4, 4, 4))
        self.chart.setBackgroundRoundness(0)
        self.view = QChartView(self.chart, self)
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.view.setMinimumHeight(260)
        self.view.setToolTip(tip)
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.csv_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(head)
        layout.addWidget(self.view, 1)
        self.table: MetricTable | None = None
        self.bars: BarKeys | None = None

    def show_bars(self, categories: Sequence[str], sets: Sequence[tuple[str, Sequence[float]]], bars: BarKeys,
                  table: MetricTable, horizontal: bool = False, max_value: float | None = None,
                  value_title: str = "") -> None:
        self.table = table
        self.bars = bars
        chart = self.chart
        chart.removeAllSeries()
        for axis in list(chart.axes()):
            chart.removeAxis(axis)
        pal = self.palette()
        colours = series_colours(pal)
        series = QHorizontalBarSeries() if horizontal else QBarSeries()
        for i, (name, values) in enumerate(sets):
            s = QBarSet(name)
            s.append([float(v) for v in values])
            s.setColor(colours[i % 2])
            s.setBorderColor(colours[i % 2])
            s.setLabelColor(pal.color(QPalette.ColorRole.Text))
            s.clicked.connect(lambda idx, si=i: self.bar_clicked.emit(si, idx))
            series.append(s)
        series.setBarWidth(0.75)
        chart.addSeries(series)
        cat_axis = QBarCategoryAxis()
        cat_axis.append(sparse_labels(categories))
        cat_axis.setTruncateLabels(False)  # the sparse labels may overrun their slot into invisible neighbours
        val_axis = QValueAxis()
        top = max([max(v, default=0) for _n, v in sets] + [0])
        val_axis.setRange(0, max_value if max_value is not None else max(1.0, top * 1.05))
        val_axis.setLabelFormat("%.0f")
        val_axis.setTickCount(6)
        val_axis.applyNiceNumbers()
        if value_title:
            val_axis.setTitleText(value_title)
        chart.addAxis(cat_axis, Qt.AlignmentFlag.AlignLeft if horizontal else Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(val_axis, Qt.AlignmentFlag.AlignBottom if horizontal else Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(cat_axis)
        series.attachAxis(val_axis)
        chart.legend().setVisible(len(sets) > 1)
        self.apply_palette()

    def apply_palette(self) -> None:
        """Chart colours from the widget palette (QtCharts themes ignore it), so dark mode stays readable."""
        pal = self.palette()
        text = pal.color(QPalette.ColorRole.Text)
        grid = pal.color(QPalette.ColorRole.Mid)
        self.chart.setBackgroundBrush(pal.color(QPalette.ColorRole.Base))
        self.chart.setBackgroundPen(pal.color(QPalette.ColorRole.Base))
        self.chart.legend().setLabelColor(text)
        self.view.setBackgroundBrush(pal.color(QPalette.ColorRole.Base))
        for axis in self.chart.axes():
            axis.setLabelsColor(text)
            axis.setTitleBrush(text)
            axis.setLinePenColor(grid)
            axis.setGridLineColor(grid)


class DashboardPanel(QWidget):
    """Emits `queue_filter_requested(QueueFilter)` when a bar is clicked; the main window applies it to the queue."""

    queue_filter_requested = Signal(object)
    metrics_loaded = Signal(object)

    def __init__(self, services: Services, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.runner = runner
        self.metrics: DashboardMetrics | None = None
        self._generation = 0
        self._build_filters()
        self._build_body()
        self.preset.currentIndexChanged.connect(self._on_preset)
        self.date_from.dateChanged.connect(self._on_dates_edited)
        self.date_to.dateChanged.connect(self._on_dates_edited)
        self.preset.setCurrentIndex(1)  # last 30 days; the change signal computes the first figures

    # -- construction -------------------------------------------------------------------------------

    def _build_filters(self) -> None:
        self.preset = QComboBox(self)
        for name, _days in PRESETS:
            self.preset.addItem(self.tr(name))
        self.date_from = QDateEdit(self, calendarPopup=True, displayFormat="yyyy-MM-dd")
        self.date_to = QDateEdit(self, calendarPopup=True, displayFormat="yyyy-MM-dd")
        self.date_to.setToolTip(self.tr("Last day of the range (inclusive); days are UTC"))
        self.priority = QComboBox(self)
        self.priority.addItem(self.tr("All priorities"), None)
        for p in range(1, 6):
            self.priority.addItem(f"P{p}", p)
        self.group = QComboBox(self)
        self.group.addItem(self.tr("All groups"), None)
        self.refresh_button = QPushButton(self.tr("&Refresh"), self)
        self.refresh_button.setToolTip(self.tr("Compute the figures again"))
        self.csv_button = QPushButton(self.tr("Export &CSV…"), self)
        self.csv_button.setToolTip(self.tr("All figures and tables to one CSV file"))
        self.pdf_button = QPushButton(self.tr("Export &PDF…"), self)
        self.pdf_button.setToolTip(self.tr("The whole dashboard as it is shown, to a PDF file"))
        self.status = QLabel(self)
        bar = QHBoxLayout()
        for label, w in ((self.tr("&Range:"), self.preset), (self.tr("&From:"), self.date_from),
                         (self.tr("&To:"), self.date_to), (self.tr("&Priority:"), self.priority),
                         (self.tr("&Group:"), self.group)):
            lab = QLabel(label, self)
            lab.setBuddy(w)
            bar.addWidget(lab)
            bar.addWidget(w)
        bar.addWidget(self.refresh_button)
        bar.addStretch(1)
        bar.addWidget(self.status)
        bar.addWidget(self.csv_button)
        bar.addWidget(self.pdf_button)
        self.filter_bar = bar
        self.priority.currentIndexChanged.connect(self.refresh)
        self.group.currentIndexChanged.connect(self.refresh)
        self.refresh_button.clicked.connect(self.refresh)
        self.csv_button.clicked.connect(self.export_csv)
        self.pdf_button.clicked.connect(self.export_pdf)
        self.runner.run(lambda: (self.services.directory.groups(), self.services.metrics.own_groups()),
                        self._fill_scoped_groups)

    def _build_body(self) -> None:
        self.content = QWidget(self)
        grid = QGridLayout()
        tiles = (
            ("total", "Incidents logged", "Incidents logged in the range"),
            ("backlog", "Open backlog", "Incidents open now, whatever their logging date"),
            ("mtta", "MTTA (median)", "Time from logging to acknowledgement; mean in the detail line"),
            ("mttr", "MTTR (median)", "Time from logging to resolution; mean in the detail line"),
            ("sla_response", "Response SLA met", "Acknowledged within the response target"),
            ("sla_resolution", "Resolution SLA met", "Resolved within the resolution target (open breaches count)"),
            ("reopen", "Reopen rate", "Resolved incidents that were reopened"),
            ("fcr", "First-contact resolution", "Resolved incidents solved at first contact"),
            ("escalation", "Escalation rate", "Incidents escalated at least once (cancelled left out)"),
            ("hold", "Hold time share", "Share of incident lifetime spent on hold"),
            ("updates", "Updates on time", "Updates sent before the previous update's due time"),
        )
        self.tiles: dict[str, KpiTile] = {}
        for n, (key, caption, tip) in enumerate(tiles):
            tile = KpiTile(self.tr(caption), self.tr(tip), self.content)
            self.tiles[key] = tile
            grid.addWidget(tile, n // 6, n % 6)
        self.volume_chart = ChartCard(self.tr("Volume trend"), self.tr("Click a bar to list those incidents"))
        self.sla_chart = ChartCard(self.tr("SLA compliance by priority (%)"),
                                   self.tr("Click a bar to list that priority's breached incidents"))
        self.mttr_chart = ChartCard(self.tr("MTTR by group (median hours)"),
                                    self.tr("Click a bar to list that group's resolved incidents"))
        self.aging_chart = ChartCard(self.tr("Open backlog by age"),
                                     self.tr("Click a bar to list the open incidents of that age"))
        charts = QGridLayout()
        for i, card in enumerate((self.volume_chart, self.sla_chart, self.mttr_chart, self.aging_chart)):
            charts.addWidget(card, i // 2, i % 2)
            card.bar_clicked.connect(lambda s, idx, c=card: self._on_bar(c, s, idx))
            card.csv_requested.connect(lambda c=card: self._export_card(c))
        self.tabs = QTabWidget(self.content)
        self.table_models: dict[str, MetricTableModel] = {}
        for key, title in TABLES:
            view = QTableView(self.tabs)
            model = MetricTableModel(view)
            view.setModel(model)
            view.verticalHeader().setVisible(False)
            view.setAlternatingRowColors(True)
            view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
            view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
            self.table_models[key] = model
            self.tabs.addTab(view, self.tr(title))
        self.tabs.setMinimumHeight(260)
        self.table_csv = QToolButton(self.content)
        self.table_csv.setText(self.tr("Export table CSV…"))
        self.table_csv.setToolTip(self.tr("Export the table shown below to a CSV file"))
        self.table_csv.clicked.connect(self._export_current_table)
        self.tabs.setCornerWidget(self.table_csv)
        body = QVBoxLayout(self.content)
        body.addLayout(grid)
        body.addLayout(charts, 1)
        body.addWidget(self.tabs)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.content)
        layout = QVBoxLayout(self)
        layout.addLayout(self.filter_bar)
        layout.addWidget(scroll, 1)

    # -- the query ----------------------------------------------------------------------------------

    def query(self) -> MetricsQuery:
        start = self.date_from.date().toPython()
        end = self.date_to.date().toPython()
        prio = self.priority.currentData()
        group = self.group.currentData()
        return MetricsQuery(
            datetime.combine(start, time(0), UTC), datetime.combine(end + timedelta(days=1), time(0), UTC),
            priorities=(prio,) if prio else (), group_ids=(group,) if group else (),
        )

    def set_range(self, start: date, end: date) -> None:
        """Custom range (inclusive days), e.g. from tests or a saved setting."""
        self.preset.blockSignals(True)
        self.preset.setCurrentIndex(len(PRESETS) - 1)
        self.preset.blockSignals(False)
        self._set_dates(start, end)
        self.refresh()

    def _set_dates(self, start: date, end: date) -> None:
        for edit, d in ((self.date_from, start), (self.date_to, end)):
            edit.blockSignals(True)
            edit.setDate(QDate(d.year, d.month, d.day))
            edit.blockSignals(False)

    @Slot(int)
    def _on_preset(self, index: int) -> None:
        days = PRESETS[index][1]
        if days is None:
            return
        today = self.services.ctx.clock.now().date()
        self._set_dates(today - timedelta(days=days - 1), today)
        self.refresh()

    @Slot()
    def _on_dates_edited(self) -> None:
        self.preset.blockSignals(True)
        self.preset.setCurrentIndex(len(PRESETS) - 1)
        self.preset.blockSignals(False)
        self.refresh()

    def _fill_groups(self, groups: list[Any]) -> None:
        for g in groups:
            self.group.addItem(g.name, g.id)

    def _fill_scoped_groups(self, data: tuple[list[Any], tuple[int, ...] | None]) -> None:
        """Agents and team leads see their own groups only: 'All groups' goes, and the tooltip says why."""
        groups, own = data
        if own is None:
            self._fill_groups(groups)
            return
        self.group.blockSignals(True)
        self.group.clear()
        self.group.blockSignals(False)
        self._fill_groups([g for g in groups if g.id in own])
        self.group.setToolTip(self.tr("Only managers and administrators see dashboards across all groups."))
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        try:
            q = self.query()
            q.validate()
        except Exception as exc:  # noqa: BLE001 - shown in place, the previous figures stay
            self.status.setText(str(exc))
            return
        self._generation += 1
        gen = self._generation
        self.status.setText(self.tr("Computing…"))
        self.runner.run(lambda: self.services.metrics.dashboard(q), lambda m: self._loaded(gen, m),
                        self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.status.setText(self.tr("Could not compute the figures: %1").replace("%1", str(exc)))

    def _loaded(self, generation: int, m: DashboardMetrics) -> None:
        if generation != self._generation:
            return  # an older answer; a newer request is on its way
        self.metrics = m
        self.status.setText(self.tr("%1 incidents").replace("%1", f"{m.total:,}"))
        t = self.tiles
        t["total"].set(f"{m.total:,}", self.tr("by %1").replace("%1", m.period_unit))
        t["backlog"].set(f"{m.backlog:,}", self.tr("open now"))
        t["mtta"].set(_hours(m.mtta.median_minutes), self.tr("mean %1").replace("%1", _hours(m.mtta.mean_minutes)))
        t["mttr"].set(_hours(m.mttr.median_minutes), self.tr("mean %1").replace("%1", _hours(m.mttr.mean_minutes)))
        for key, rate in (("sla_response", m.sla_response), ("sla_resolution", m.sla_resolution),
                          ("reopen", m.reopen_rate), ("fcr", m.fcr_rate), ("escalation", m.escalation_rate),
                          ("updates", m.updates_on_time)):
            t[key].set(_pct(rate), self.tr("of %1").replace("%1", f"{int(rate.whole):,}") if rate.whole
                       else self.tr("nothing to measure yet"))
        t["hold"].set(_pct(m.hold_share), self.tr("of lifetime"))
        tables = {tb.key: tb for tb in m.tables()}
        self._draw_charts(m, tables)
        for key, model in self.table_models.items():
            model.set_table(tables[key])
        self.metrics_loaded.emit(m)

    def _draw_charts(self, m: DashboardMetrics, tables: dict[str, MetricTable]) -> None:
        periods = m.volume_by_period
        short = [c.label[5:] if m.period_unit != "month" else c.label[:7] for c in periods]
        self.volume_chart.show_bars(short, [(self.tr("Incidents"), [c.count for c in periods])],
                                    BarKeys("period", tuple(c.key for c in periods)),
                                    tables["volume_by_period"])
        sla = m.sla_by_priority
        self.sla_chart.show_bars(
            [s.label for s in sla],
            [(self.tr("Response"), [s.response.pct or 0 for s in sla]),
             (self.tr("Resolution"), [s.resolution.pct or 0 for s in sla])],
            BarKeys("sla_breached", tuple(s.priority for s in sla)), tables["sla_by_priority"], max_value=100)
        # Horizontal bars draw bottom-up: reversed, the list reads alphabetically from the top.
        groups = [d for d in reversed(m.mttr_by_group) if d.median_minutes is not None]
        self.mttr_chart.show_bars(
            [d.label for d in groups], [(self.tr("Median hours"), [(d.median_minutes or 0) / 60 for d in groups])],
            BarKeys("group_resolved", tuple(d.key for d in groups)), tables["mttr_by_group"], horizontal=True)
        self.aging_chart.show_bars(
            [c.label for c in m.aging], [(self.tr("Open incidents"), [c.count for c in m.aging])],
            BarKeys("aging", tuple(c.key for c in m.aging)), tables["aging"])

    # -- drill-down ---------------------------------------------------------------------------------

    def _on_bar(self, card: ChartCard, _set_index: int, index: int) -> None:
        if self.metrics is None or card.bars is None or not 0 <= index < len(card.bars.keys):
            return
        self.drill(card.bars.dimension, card.bars.keys[index])

    def drill(self, dimension: str, key: Any) -> None:
        """Work out the incidents behind one bar off the GUI thread, then ask for the queue to show them."""
        assert self.metrics is not None
        q = self.metrics.query
        self.runner.run(lambda: self.services.metrics.drilldown(q, dimension, key), self._drilled)

    def _drilled(self, f: QueueFilter) -> None:
        count = f"{len(f.incident_ids or ()):,}"
        self.status.setText(self.tr("Showing %1 incidents in the queue").replace("%1", count))
        self.queue_filter_requested.emit(f)

    # -- export -------------------------------------------------------------------------------------

    def _save(self, caption: str, name: str, pattern: str, write: Callable[[Path], Any]) -> Path | None:
        path = ask_save_path(self, caption, name, pattern)
        if path is None:
            return None
        try:
            write(path)
        except OSError as exc:
            QMessageBox.warning(self, self.tr("Export"), self.tr("Could not write %1: %2")
                                .replace("%1", str(path)).replace("%2", exc.strerror or str(exc)))
            return None
        self.status.setText(self.tr("Saved %1").replace("%1", path.name))
        return path

    def _export_card(self, card: ChartCard) -> None:
        table = card.table
        if table is None:
            return
        self._save(self.tr("Export chart figures"), f"{table.key}.csv", "CSV (*.csv)",
                   lambda p: write_table_csv(table, p, CsvOptions()))

    @Slot()
    def _export_current_table(self) -> None:
        key = TABLES[self.tabs.currentIndex()][0]
        table = self.table_models[key].table
        self._save(self.tr("Export table"), f"{key}.csv", "CSV (*.csv)",
                   lambda p: write_table_csv(table, p, CsvOptions()))

    @Slot()
    def export_csv(self) -> None:
        m = self.metrics
        if m is None:
            return
        self._save(self.tr("Export dashboard figures"), "dashboard.csv", "CSV (*.csv)", lambda p: write_csv(m, p))

    @Slot()
    def export_pdf(self) -> None:
        m = self.metrics
        if m is None:
            return
        self._save(self.tr("Export dashboard as PDF"), "dashboard.pdf", "PDF (*.pdf)",
                   lambda p: widget_to_pdf(self.content, p, title_of(m)))

