"""Python's garbage collection in the GUI thread only, while a run's worker thread works.

A collection runs in whichever thread allocates when a generation's threshold is crossed. In the
worker thread it may destroy Qt objects of the GUI thread that sit in reference cycles (closed
dialogs, old windows), and PySide then deadlocks: the QObject destructor waits for the GIL in a
thread that must not destroy it. So while any run is going on, automatic collection is off and a
timer in the GUI thread collects instead, by the same thresholds.
"""

from __future__ import annotations

import gc

from PySide6 import QtCore

__all__ = ["GuiThreadCollector", "gui_thread_collector"]

_NAME = "spikecanvas_gui_thread_collector"


class GuiThreadCollector(QtCore.QObject):
    """Collects garbage in its (the GUI) thread while at least one run holds it.

    Parameters
    ----------
    interval_ms
        How often the thresholds are looked at while held.
    """

    def __init__(self, parent: QtCore.QObject | None = None, interval_ms: int = 250) -> None:
        super().__init__(parent)
        self.setObjectName(_NAME)
        self._holders = 0
        self._was_enabled = True
        self.timer = QtCore.QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.collect_if_due)

    @property
    def held(self) -> bool:
        """Whether automatic collection is off (a run is going on)."""
        return self._holders > 0

    def hold(self) -> None:
        """Turn automatic collection off until the matching `release`."""
        self._holders += 1
        if self._holders == 1:
            self._was_enabled = gc.isenabled()
            gc.disable()
            self.timer.start()

    def release(self) -> None:
        """End one `hold`; the last one collects what is due and turns collection back on."""
        if self._holders == 0:
            return
        self._holders -= 1
        if self._holders == 0:
            self.timer.stop()
            self.collect_if_due()
            if self._was_enabled:
                gc.enable()

    @QtCore.Slot()
    def collect_if_due(self) -> None:
        """Collect the oldest generation whose threshold is crossed, as CPython would."""
        counts, thresholds = gc.get_count(), gc.get_threshold()
        generation = -1
        for level in range(3):
            if thresholds[level] and counts[level] > thresholds[level]:
                generation = level
            else:
                break
        if generation >= 0:
            gc.collect(generation)


def gui_thread_collector() -> GuiThreadCollector:
    """Return the application's collector (made on first use; call in the GUI thread)."""
    app = QtCore.QCoreApplication.instance()
    if app is None:
        raise RuntimeError("no QApplication: garbage is collected by Python as usual")
    found = app.findChild(GuiThreadCollector, _NAME)
    return found if found is not None else GuiThreadCollector(app)
