"""Parameter sweeps in the window: Run ▸ Sweep… (the editor, the run, its live plot).

The sweep engine (`engine.project.sweep`) knows no Qt; this package shows it: `SweepDialog`
edits a project's sweeps (saved in the document, undoable), runs one in the background on
Dask, plots its measures as its trials end, opens a trial's run, and exports the results.
"""

from app.sweep.dialog import SweepDialog, show_sweep_dialog

__all__ = ["SweepDialog", "show_sweep_dialog"]
