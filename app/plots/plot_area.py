"""The plot area: a panel per monitor of the project, drawn live while a run goes.

The run's worker thread delivers each monitor's new data about ten times a second; the main
window hands it to `PlotArea.append`, which only stores it. A ~30 Hz timer calls
`PlotArea.redraw`, which draws what changed — so plot items are touched only in the GUI thread
and at most 30 times a second, however the data arrive.

All panels share one time axis (their x axes are linked): either the whole run, or a sliding
window that ends at the simulated time reached. Panning or zooming with the mouse stops the
view from following the run until "Reset view". A crosshair shows the time under the cursor on
every panel, and the values of the panel under it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtWidgets

from app.model.quantity_rules import constant_values
from app.plots.kinds import panel_class
from app.plots.panel import Panel, format_value
from app.plots.scene_image import image_suffix, render_image
from app.plots.settings import seconds, source_of
from app.plots.style import PlotStyle
from app.plots.views import Choice, choices, view_context
from app.plots.views.selection_dialog import SelectionQuestion, ask_selection
from engine.outputs import write_bytes
from engine.project.analysis import write_table
from engine.project.document import Project
from engine.project.plotting import MonitorNode, is_monitor
from engine.project.results import MonitorData, Results

__all__ = ["PLACEHOLDER", "WINDOW_CHOICES", "PlotArea"]

#: What the area says before a project is set up.
PLACEHOLDER = "Run the network (Ctrl+R) to see a panel per monitor here"
_NO_MONITORS = "This network has no monitors: add a SpikeMonitor, StateMonitor or\n" + (
    "PopulationRateMonitor to see what it does here"
)
_ALL_HIDDEN = "Every panel is hidden: show them again from the Panels menu"

#: The sliding windows offered (label, seconds; None is the whole run).
WINDOW_CHOICES: tuple[tuple[str, float | None], ...] = (
    ("Whole run", None),
    ("Last 50 ms", 0.05),
    ("Last 100 ms", 0.1),
    ("Last 200 ms", 0.2),
    ("Last 500 ms", 0.5),
    ("Last 1 s", 1.0),
)

_REDRAW_INTERVAL_MS = 33  # ~30 Hz: smooth to the eye, cheap for the GUI thread
_MOUSE_RATE = 60  # crosshair updates per second at most

#: Asks where to save an image: (parent, suggested file name) -> path, or None to cancel.
ImagePathQuestion = Callable[[QtWidgets.QWidget, str], "str | Path | None"]
#: Asks where to save a view's table: (parent, suggested file name) -> path, or None to cancel.
TablePathQuestion = Callable[[QtWidgets.QWidget, str], "str | Path | None"]
#: Tells the user something went wrong: (parent, title, message).
ErrorReport = Callable[[QtWidgets.QWidget, str, str], None]


def _ask_image_path(parent: QtWidgets.QWidget, suggested: str) -> str | None:
    path, _ = QtWidgets.QFileDialog.getSaveFileName(
        parent, "Save plots as image", suggested, "PNG image (*.png);;SVG drawing (*.svg)"
    )
    return path or None


def _ask_table_path(parent: QtWidgets.QWidget, suggested: str) -> str | None:
    path, _ = QtWidgets.QFileDialog.getSaveFileName(
        parent, "Save the view's data as CSV", suggested, "CSV table (*.csv)"
    )
    return path or None


def _report_error(parent: QtWidgets.QWidget, title: str, message: str) -> None:
    QtWidgets.QMessageBox.warning(parent, title, message)


class PlotArea(QtWidgets.QWidget):
    """Live plots of a run: a toolbar over one panel per monitor node, on a linked time axis.

    Attributes
    ----------
    ask_image_path
        Called by the "Save image…" button to ask where to save (a file dialog); tests and
        the main window may replace it.
    ask_table_path
        Called by a view's "Save data as CSV…" to ask where to save (a file dialog).
    ask_selection
        Called to ask which neurons a raster's selection shows (a dialog).
    report_error
        Called to tell the user that an image could not be saved (a message box).
    redraw_timer
        The ~30 Hz timer that calls `redraw` while a project is set up.
    """

    #: A panel was shown or hidden by the user (from the Panels menu): node id, visible.
    visibility_changed = QtCore.Signal(str, bool)
    #: The user chose what a panel shows (from the Views menu): node id, view ("" for the
    #: values over time), its options (`engine.project.node_base.PlotSettings.view`).
    view_changed = QtCore.Signal(str, str, dict)

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("plot_area")
        self.ask_image_path: ImagePathQuestion = _ask_image_path
        self.ask_table_path: TablePathQuestion = _ask_table_path
        self.ask_selection: SelectionQuestion = ask_selection
        self.report_error: ErrorReport = _report_error
        self.plot_style = PlotStyle.from_palette(self.palette())
        self._panels: list[Panel] = []
        self._constants: dict[str, object] = {}
        self._duration: float | None = None
        self._window: float | None = None
        self._t = 0.0
        self._following = True
        self._range_dirty = False
        self._lines: dict[pg.PlotItem, pg.InfiniteLine] = {}
        self._laid_out: list[pg.PlotItem] = []
        self._crosshair_text = ""

        self._build_toolbar()
        self.graphics = pg.GraphicsLayoutWidget()
        self.graphics.setObjectName("plot_graphics")
        self.graphics.setBackground(self.plot_style.background)
        self.graphics.ci.setSpacing(4)
        self.graphics.viewport().installEventFilter(self)
        self._placeholder = QtWidgets.QLabel(PLACEHOLDER)
        self._placeholder.setObjectName("plot_placeholder")
        self._placeholder.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
        self._placeholder.setWordWrap(True)
        self._placeholder.setEnabled(False)  # drawn in the palette's muted text colour
        self._stack = QtWidgets.QStackedWidget()
        self._stack.addWidget(self._placeholder)
        self._stack.addWidget(self.graphics)

        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self._toolbar)
        layout.addWidget(self._stack, 1)

        self._mouse_proxy = pg.SignalProxy(
            self.graphics.scene().sigMouseMoved, rateLimit=_MOUSE_RATE, slot=self._mouse_moved
        )
        self.redraw_timer = QtCore.QTimer(self)
        self.redraw_timer.setInterval(_REDRAW_INTERVAL_MS)
        self.redraw_timer.timeout.connect(self.redraw)
        self._show_placeholder(PLACEHOLDER)

    def _build_toolbar(self) -> None:
        self._toolbar = QtWidgets.QWidget()
        bar = QtWidgets.QHBoxLayout(self._toolbar)
        bar.setContentsMargins(4, 2, 4, 2)
        label = QtWidgets.QLabel("Show:")
        self.window_box = QtWidgets.QComboBox()
        self.window_box.setObjectName("plot_window")
        self.window_box.setToolTip("How much of the run the panels show")
        label.setBuddy(self.window_box)
        self.window_box.activated.connect(self._window_chosen)
        self.panels_button = QtWidgets.QToolButton()
        self.panels_button.setObjectName("plot_panels")
        self.panels_button.setText("Panels")
        self.panels_button.setToolTip("Show or hide the panel of each monitor")
        self.panels_button.setPopupMode(QtWidgets.QToolButton.ToolButtonPopupMode.InstantPopup)
        self.panels_menu = QtWidgets.QMenu(self.panels_button)
        self.panels_button.setMenu(self.panels_menu)
        self.views_button = QtWidgets.QToolButton()
        self.views_button.setObjectName("plot_views")
        self.views_button.setText("Views")
        self.views_button.setToolTip(
            "Choose what each panel shows: its values over time, or an analysis of them"
        )
        self.views_button.setPopupMode(QtWidgets.QToolButton.ToolButtonPopupMode.InstantPopup)
        self.views_menu = QtWidgets.QMenu(self.views_button)
        self.views_button.setMenu(self.views_menu)
        self.views_button.setEnabled(False)
        self.reset_button = QtWidgets.QToolButton()
        self.reset_button.setObjectName("plot_reset_view")
        self.reset_button.setText("Reset view")
        self.reset_button.setToolTip("Show the chosen time window again and follow the run")
        self.reset_button.clicked.connect(self.reset_view)
        self.save_button = QtWidgets.QToolButton()
        self.save_button.setObjectName("plot_save_image")
        self.save_button.setText("Save image…")
        self.save_button.setToolTip("Save the visible panels as a PNG or SVG image")
        self.save_button.clicked.connect(self._save_clicked)
        self.readout = QtWidgets.QLabel()
        self.readout.setObjectName("plot_readout")
        self.readout.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        # Long readouts (many traces) must never widen the window: the label gives way.
        self.readout.setSizePolicy(
            QtWidgets.QSizePolicy.Policy.Ignored, QtWidgets.QSizePolicy.Policy.Preferred
        )
        for widget in (
            label,
            self.window_box,
            self.panels_button,
            self.views_button,
            self.reset_button,
        ):
            bar.addWidget(widget)
        bar.addWidget(self.save_button)
        bar.addSpacing(12)
        bar.addWidget(self.readout, 1)
        self._fill_window_box([])

    # -- project --------------------------------------------------------------------------------

    def setup(self, project: Project) -> None:
        """Show an empty panel per monitor node of ``project``, in node order.

        The time axis spans the project's run duration (autoranged if it cannot be computed);
        the sliding window starts as the first monitor's ``plot.window`` that is set.
        """
        self._reset()
        self._constants = constant_values(project)
        self._duration = seconds(project.run.duration, self._constants)
        windows: list[float] = []
        for node in project.nodes:
            panel_kind = panel_class(node.kind)
            if panel_kind is None or not is_monitor(node):  # only monitors have panels
                continue
            source, size = source_of(project, node.id, self._constants)
            panel = panel_kind(node, self.plot_style, source, size, self._constants)
            panel.context = view_context(project, node)
            self._panels.append(panel)
            for plot in panel.plots:
                self._prepare_plot(plot)
            window = seconds(node.plot.window, self._constants)
            if window is not None:
                windows.append(window)
            action = self.panels_menu.addAction(panel.title)
            action.setCheckable(True)
            action.setChecked(panel.visible)
            action.setData(panel.node_id)
            action.triggered.connect(
                lambda checked, node_id=panel.node_id: self._user_toggled(node_id, checked)
            )
        self.panels_button.setEnabled(bool(self._panels))
        self._fill_views_menu()
        self._fill_window_box(windows)
        self._window = windows[0] if windows else None
        self._select_window(self._window)
        self._relayout()
        self.redraw_timer.start()

    def _prepare_plot(self, plot: pg.PlotItem) -> None:
        line = pg.InfiniteLine(angle=90, movable=False, pen=self.plot_style.crosshair_pen())
        line.hide()
        plot.addItem(line, ignoreBounds=True)
        self._lines[plot] = line
        plot.vb.sigRangeChangedManually.connect(self._user_moved_view)

    def append(self, data: Mapping[str, MonitorData]) -> None:
        """Store new chunks of data, by monitor node name (drawn at the next `redraw`).

        Chunks of monitors without a panel are ignored.
        """
        by_name = {panel.name: panel for panel in self._panels}
        for name, chunk in data.items():
            panel = by_name.get(name)
            if panel is not None:
                panel.append(chunk)

    def set_time(self, t: float) -> None:
        """Say how far the run is (simulated seconds): the right edge of a sliding window."""
        if t != self._t:
            self._t = t
            self._range_dirty = True
            for panel in self._panels:
                panel.time_reached = t
                if panel.view is not None:  # rates per neuron are over the time reached
                    panel.dirty = True

    def show_results(self, results: Results) -> None:
        """Show finished results: `setup` with their project, then all their data at once."""
        self.setup(results.project)
        self.append(results.monitors)
        self.set_time(results.provenance.simulated)
        self.redraw()

    def clear(self) -> None:
        """Remove every panel and show the placeholder again."""
        self._reset()
        self._fill_window_box([])
        self._show_placeholder(PLACEHOLDER)

    def _reset(self) -> None:
        self.redraw_timer.stop()
        self.graphics.ci.clear()
        self._laid_out = []
        self._lines.clear()
        self._panels = []
        self.panels_menu.clear()
        self.panels_button.setEnabled(False)
        self.views_menu.clear()
        self.views_button.setEnabled(False)
        self._t = 0.0
        self._duration = None
        self._following = True
        self._range_dirty = True
        self._set_readout("")

    # -- panels ---------------------------------------------------------------------------------

    @property
    def panels(self) -> list[Panel]:
        """Every panel (shown or hidden), in the project's node order."""
        return list(self._panels)

    def panel(self, name: str) -> Panel:
        """Return the panel of the monitor node called ``name``.

        Raises
        ------
        KeyError
            If no panel has that name.
        """
        for panel in self._panels:
            if panel.name == name:
                return panel
        raise KeyError(f"No plot panel for a monitor called '{name}'")

    def _panel_by_id(self, node_id: str) -> Panel | None:
        return next((p for p in self._panels if p.node_id == node_id), None)

    def set_panel_visible(self, node_id: str, visible: bool) -> None:
        """Show or hide the panel of node ``node_id`` (does not emit `visibility_changed`)."""
        panel = self._panel_by_id(node_id)
        if panel is None or panel.visible == visible:
            return
        panel.visible = visible
        for action in self.panels_menu.actions():
            if action.data() == node_id:
                action.setChecked(visible)
        self._relayout()

    def _user_toggled(self, node_id: str, visible: bool) -> None:
        self.set_panel_visible(node_id, visible)
        self.visibility_changed.emit(node_id, visible)

    def update_settings(self, node: MonitorNode) -> None:
        """Apply a monitor node's changed plot settings to its panel (if it has one).

        The title, smoothing and visibility apply to the panel; a window that changed becomes
        the area's window (an empty one: the whole run).
        """
        panel = self._panel_by_id(node.id)
        if panel is None:
            return
        old_window, old_visible = panel.settings.window, panel.visible
        old_view = panel.view
        panel.apply_settings(node.plot, self._constants)
        panel.visible = old_visible  # set_panel_visible lays out again if it changed
        self.set_panel_visible(node.id, node.plot.visible)
        if panel.view is not old_view:
            self._fill_views_menu()
            self._relayout()
        for action in self.panels_menu.actions():
            if action.data() == node.id:
                action.setText(panel.title)
        if node.plot.window != old_window:
            window = seconds(node.plot.window, self._constants)
            if window is not None:
                self._add_window_choice(window)
            self.set_window(window)

    def _park(self, shown: list[pg.PlotItem]) -> None:
        """Keep the plots out of the layout (hidden panels, plots a view replaces) in the scene.

        Hidden, they cost nothing there, and the scene owns them: left without a scene, Python
        alone would own them and destroy them after Qt at exit, which crashes (a segfault
        after closing a window whose panel showed an analysis view).
        """
        scene = self.graphics.scene()
        for panel in self._panels:
            mine = [*panel.plots, *([panel.view.plot] if panel.view is not None else [])]
            for plot in mine:
                if plot in shown:
                    plot.show()
                    continue
                if plot.scene() is None:
                    scene.addItem(plot)
                plot.hide()

    def _relayout(self) -> None:
        """Put the visible panels' plots in the layout, top to bottom, on one linked time axis."""
        layout = self.graphics.ci
        layout.clear()
        shown = [plot for panel in self._panels if panel.visible for plot in panel.shown_plots]
        stretch = {plot: panel.stretch for panel in self._panels for plot in panel.shown_plots}
        # Analysis views have axes of their own (but a raster's selection); the panels' plots
        # share the time axis.
        for panel in self._panels:
            if panel.view is not None and panel.view.timed and panel.view.plot not in self._lines:
                self._prepare_plot(panel.view.plot)
        timed = [plot for plot in shown if plot in self._lines]
        for row, plot in enumerate(shown):
            layout.addItem(plot, row=row, col=0)
            layout.layout.setRowStretchFactor(row, stretch[plot])
            # Only the lowest plot labels the shared time axis; the others keep its ticks and
            # grid (an axis without its label would also lose its SI prefix: 0.01 for 10 ms).
            lowest = plot not in self._lines or plot is timed[-1]
            plot.getAxis("bottom").showLabel(lowest)
            plot.getAxis("bottom").setStyle(showValues=lowest)
        for plot in self._laid_out:
            if plot not in shown and plot in self._lines:
                plot.setXLink(None)
        if timed:  # the first may have been linked to a plot now out of the layout
            timed[0].setXLink(None)
        for plot in timed[1:]:
            plot.setXLink(timed[0])
        self._laid_out = shown
        self._park(shown)
        for panel in self._panels:
            panel.dirty = True
        self._range_dirty = True
        if not self._panels:
            self._show_placeholder(_NO_MONITORS)
        elif not shown:
            self._show_placeholder(_ALL_HIDDEN)
        else:
            self._stack.setCurrentWidget(self.graphics)
        self.redraw()

    def _show_placeholder(self, text: str) -> None:
        self._placeholder.setText(text)
        self._stack.setCurrentWidget(self._placeholder)

    # -- analysis views -------------------------------------------------------------------------

    def _fill_views_menu(self) -> None:
        """List each panel's views (the one shown checked) and its exports, in the Views menu."""
        self.views_menu.clear()
        for panel in self._panels:
            menu = self.views_menu.addMenu(panel.title)
            group = QtGui.QActionGroup(menu)
            for choice in [Choice("", "Values over time"), *choices(panel)]:
                action = menu.addAction(choice.label)
                action.setCheckable(True)
                group.addAction(action)
                action.setChecked(
                    (panel.settings.view, panel.settings.view_options)
                    == (choice.view, dict(choice.options))
                )
                action.triggered.connect(
                    lambda _=False, node_id=panel.node_id, chosen=choice: self._view_chosen(
                        node_id, chosen
                    )
                )
            menu.addSeparator()
            for label, slot in (
                ("Save view as image…", self._save_view_image_clicked),
                ("Save view data as CSV…", self._save_view_table_clicked),
            ):
                action = menu.addAction(label)
                action.setEnabled(panel.view is not None)
                action.triggered.connect(lambda _=False, node_id=panel.node_id, s=slot: s(node_id))
        self.views_button.setEnabled(bool(self._panels))

    def _view_chosen(self, node_id: str, choice: Choice) -> None:
        options: Mapping[str, str] | None = dict(choice.options)
        panel = self._panel_by_id(node_id)
        if choice.ask and panel is not None:
            current = panel.settings.view_options if panel.settings.view == choice.view else {}
            options = self.ask_selection(self, panel.source_size, current)
            if options is None:  # cancelled: the menu's check mark goes back
                QtCore.QTimer.singleShot(0, self._fill_views_menu)
                return
        self.choose_view(node_id, choice.view, options)

    def choose_view(
        self, node_id: str, view: str, options: Mapping[str, str] | None = None
    ) -> None:
        """Show analysis ``view`` (with ``options``) on the panel of ``node_id`` ("": values).

        Emits `view_changed` with what the panel shows then (a view it lacks: its values); a
        hidden panel is shown (and `visibility_changed` emitted).
        """
        panel = self._panel_by_id(node_id)
        if panel is None:
            return
        panel.set_view(view, options)
        # Not now: this may run from an action of the menu that is rebuilt.
        QtCore.QTimer.singleShot(0, self._fill_views_menu)
        # Said first: whoever keeps it in the project then has it when the panel is shown.
        self.view_changed.emit(node_id, panel.settings.view, dict(panel.settings.view_options))
        if not panel.visible:  # a view chosen for a hidden panel is meant to be seen
            self._user_toggled(node_id, True)
        else:
            self._relayout()

    def _viewed(self, node_id: str) -> Panel:
        panel = self._panel_by_id(node_id)
        if panel is None or panel.view is None:
            raise ValueError("This panel shows no analysis view: choose one in the Views menu")
        return panel

    def export_view_table(self, node_id: str, path: str | Path) -> None:
        """Save what the analysis view of ``node_id``'s panel shows as a CSV table.

        Raises
        ------
        ValueError
            If the panel shows no analysis view.
        OSError
            If the file cannot be written (a previous file is then unchanged).
        """
        view = self._viewed(node_id).view
        assert view is not None  # checked by _viewed
        view.update(force=True)
        header, columns = view.table()
        write_table(path, header, columns)

    def export_view_image(self, node_id: str, path: str | Path) -> None:
        """Save the analysis view of ``node_id``'s panel as a PNG or SVG image (by suffix).

        Raises
        ------
        ValueError
            If the suffix is neither ``.png`` nor ``.svg``, or the panel shows no view or is
            hidden.
        OSError
            If the file cannot be written.
        """
        path = Path(path)
        suffix = image_suffix(path, "a view")
        panel = self._viewed(node_id)
        view = panel.view
        assert view is not None  # checked by _viewed
        if view.plot not in self._laid_out:
            raise ValueError("This panel is hidden: show it from the Panels menu to save it")
        view.update(force=True)
        image = render_image(
            self.graphics, self.plot_style.background, suffix, panel.title, view.plot
        )
        if not image:
            raise OSError(f"Could not draw the image '{path}'")
        write_bytes(path, image)

    def _suggested(self, node_id: str, suffix: str) -> str:
        panel = self._panel_by_id(node_id)
        view = panel.view if panel is not None else None
        return f"{panel.name}_{view.name}{suffix}" if panel and view else f"view{suffix}"

    def _save_view_image_clicked(self, node_id: str) -> None:
        answer = self.ask_image_path(self, self._suggested(node_id, ".png"))
        if answer:
            path = Path(answer)
            self._saving(
                self.export_view_image, node_id, path if path.suffix else path.with_suffix(".png")
            )

    def _save_view_table_clicked(self, node_id: str) -> None:
        answer = self.ask_table_path(self, self._suggested(node_id, ".csv"))
        if answer:
            path = Path(answer)
            self._saving(
                self.export_view_table, node_id, path if path.suffix else path.with_suffix(".csv")
            )

    def _saving(self, export: Callable[[str, Path], None], node_id: str, path: Path) -> None:
        try:
            export(node_id, path)
        except (OSError, ValueError) as error:
            self.report_error(self, "Could not save the view", str(error))

    # -- time window ----------------------------------------------------------------------------

    @property
    def window(self) -> float | None:  # type: ignore[override]  # the time window, not QWidget's
        """The sliding window's width in seconds, or None for the whole run."""
        return self._window

    @property
    def following(self) -> bool:
        """Whether the view follows the run (False once the user panned or zoomed)."""
        return self._following

    def set_window(self, seconds: float | None) -> None:
        """Show a sliding window of ``seconds`` ending at the time reached (None: whole run).

        The view follows the run again, as after `reset_view`.
        """
        self._window = seconds
        if seconds is not None:
            self._add_window_choice(seconds)
        self._select_window(seconds)
        self.reset_view()

    def reset_view(self) -> None:
        """Follow the run again, with the chosen time window, after the user zoomed or panned."""
        self._following = True
        self._range_dirty = True
        for panel in self._panels:
            if panel.visible:
                if panel.view is not None:
                    panel.view.reset_range()
                else:
                    panel.reset_values_range()
        self.redraw()

    def x_range(self) -> tuple[float, float] | None:
        """Return the time range the view follows (seconds), or None to autorange.

        A sliding window shows ``[t - w, t]``; before ``t`` reaches ``w`` it shows ``[0, w]``,
        so the run grows from the left edge. The whole run is ``[0, duration]`` (or up to the
        time reached, if a run continued beyond it).
        """
        if self._window is not None:
            end = max(self._t, self._window)
            return end - self._window, end
        if self._duration is not None and self._duration > 0:
            return 0.0, max(self._duration, self._t)
        return (0.0, self._t) if self._t > 0 else None

    def _fill_window_box(self, extra: list[float]) -> None:
        self.window_box.clear()
        for label, value in WINDOW_CHOICES:
            self.window_box.addItem(label, value)
        for value in extra:
            self._add_window_choice(value)

    def _add_window_choice(self, value: float) -> None:
        for k in range(self.window_box.count()):
            known = self.window_box.itemData(k)
            if known is not None and abs(known - value) <= 1e-12 * value:
                return
        self.window_box.addItem(f"Last {format_value(value, 's')}", value)

    def _select_window(self, value: float | None) -> None:
        for k in range(self.window_box.count()):
            known = self.window_box.itemData(k)
            if known == value or (
                known is not None and value is not None and abs(known - value) <= 1e-12 * value
            ):
                self.window_box.setCurrentIndex(k)
                return

    def _window_chosen(self, index: int) -> None:
        self.set_window(self.window_box.itemData(index))

    def _user_moved_view(self, *_: object) -> None:
        self._following = False

    # -- drawing --------------------------------------------------------------------------------

    def redraw(self) -> None:
        """Draw what changed: the followed time range, then each visible panel that is dirty."""
        if self._range_dirty and self._following and self._laid_out:
            self._range_dirty = False
            span = self.x_range()
            # Links line views up by their pixels, which may differ by one: each view gets the
            # exact range instead, with links blocked while it is set.
            timed = [plot for plot in self._laid_out if plot in self._lines]
            for plot in timed:
                plot.vb.blockLink(True)
            try:
                for plot in timed:
                    if span is None:
                        plot.vb.enableAutoRange(axis=pg.ViewBox.XAxis)
                    else:
                        plot.setXRange(*span, padding=0)
            finally:
                for plot in timed:
                    plot.vb.blockLink(False)
        for panel in self._panels:
            if panel.visible and panel.dirty:
                panel.refresh()

    # -- crosshair ------------------------------------------------------------------------------

    @property
    def crosshair_text(self) -> str:
        """The crosshair's readout: the time under the cursor and the values of its panel."""
        return self._crosshair_text

    def _panel_of(self, plot: pg.PlotItem) -> Panel | None:
        return next((p for p in self._panels if plot in p.shown_plots), None)

    def _mouse_moved(self, args: tuple[QtCore.QPointF]) -> None:
        self.move_crosshair(args[0])

    def move_crosshair(self, scene_pos: QtCore.QPointF) -> str:
        """Show the crosshair at ``scene_pos`` (scene coordinates) and return its readout.

        Over a panel, a line marks the time under the cursor on every visible panel and the
        readout says that time and the panel's values there; elsewhere the crosshair hides.
        """
        for plot in self._laid_out:
            if plot.vb.sceneBoundingRect().contains(scene_pos):
                point = plot.vb.mapSceneToView(scene_pos)
                t, y = point.x(), point.y()
                panel = self._panel_of(plot)
                if panel is not None and panel.view is not None and not panel.view.timed:
                    for line in self._lines.values():
                        line.hide()
                    text = f"{panel.title}: {panel.view.value_text(t, y)}"
                    self._set_readout(text)
                    return text
                values = ""
                if panel is not None:
                    shown = panel.view if panel.view is not None else panel
                    values = shown.value_text(t, y)
                for line in (self._lines[p] for p in self._laid_out if p in self._lines):
                    line.setPos(t)
                    line.show()
                text = f"t = {format_value(t, 's')}"
                if values and panel is not None:
                    text += f"  ·  {panel.title}: {values}"
                self._set_readout(text)
                return text
        self.hide_crosshair()
        return ""

    def hide_crosshair(self) -> None:
        """Hide the crosshair's lines and readout."""
        for line in self._lines.values():
            line.hide()
        self._set_readout("")

    def _set_readout(self, text: str) -> None:
        self._crosshair_text = text
        self.readout.setText(text)
        self.readout.setToolTip(text)

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:
        """Hide the crosshair when the mouse leaves the plots."""
        if event.type() == QtCore.QEvent.Type.Leave:
            self.hide_crosshair()
        return super().eventFilter(watched, event)

    # -- export ---------------------------------------------------------------------------------

    def export_image(self, path: str | Path) -> None:
        """Save the visible panels as one image: PNG or SVG, by the file's suffix.

        Raises
        ------
        ValueError
            If the suffix is neither ``.png`` nor ``.svg``, or no panel is shown.
        OSError
            If the file cannot be written.
        """
        path = Path(path)
        suffix = image_suffix(path, "plots")
        if not self._laid_out:
            raise ValueError("There is no panel to save: run the network or show a panel")
        self.redraw()
        layout = self.graphics.ci
        if layout.width() < 1 or layout.height() < 1:  # never shown: give it a size to draw at
            self.graphics.resize(1000, 700)
            layout.resize(1000, 700)
        lines = [line for line in self._lines.values() if line.isVisible()]
        for line in lines:  # the crosshair is not part of the figure
            line.hide()
        try:
            image = render_image(
                self.graphics, self.plot_style.background, suffix, "SpikeCanvas plots"
            )
        finally:
            for line in lines:
                line.show()
        if not image:
            raise OSError(f"Could not draw the image '{path}'")
        # Rendered in memory, then written as every output is (`engine.outputs`): Qt's own
        # file writers would write in place, and report neither a full disk nor, for SVG,
        # any failure at all.
        write_bytes(path, image)

    def _save_clicked(self) -> None:
        if not self._laid_out:
            return
        answer = self.ask_image_path(self, "plots.png")
        if not answer:
            return
        path = Path(answer)
        if not path.suffix:
            path = path.with_suffix(".png")
        try:
            self.export_image(path)
        except (OSError, ValueError) as error:
            self.report_error(self, "Could not save the image", str(error))
