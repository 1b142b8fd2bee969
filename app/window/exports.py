"""The window's exports: the project as a Python script, the last run's results, the plots.

Each asks where to write (in the folder last used, named after the project's file) and reports
what it wrote in the status bar, or why it could not.
"""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from app.model import ProjectModel
from app.plots import PlotArea
from app.prompts import Prompts
from app.window.files import ProjectFiles
from app.window.part import WindowPart
from app.window.problems import ProblemDisplay
from app.window.run_glue import RunGlue
from engine.outputs import write_text
from engine.project import BuildError, export_script
from engine.project.diagnostics import to_diagnostic
from engine.project.results_csv import write_results_csv

__all__ = ["Exports"]


class Exports(WindowPart):
    """Export Script, Export Results and Export Plots.

    Parameters
    ----------
    window, model, prompts, parent
        As for every `WindowPart`.
    files
        The project's files: where to propose writing, and what to call it.
    run
        The last run's results.
    plots
        The plot panels.
    problems
        Shows the node and field of a project that cannot be exported.
    """

    def __init__(
        self,
        window: QtWidgets.QMainWindow,
        *,
        model: ProjectModel,
        prompts: Prompts,
        files: ProjectFiles,
        run: RunGlue,
        plots: PlotArea,
        problems: ProblemDisplay,
        parent: QtCore.QObject | None = None,
    ) -> None:
        super().__init__(window, model, prompts, parent)
        self._files = files
        self._run = run
        self._plots = plots
        self._problems = problems

    def export_script_dialog(self) -> bool:
        """Ask for a file and a flavour, and write the project as a Python script there.

        After a run with live changes, the user chooses between a script of that run (the
        project as it ran, and each change at its time: `export_script`'s ``changes``) and
        one of the project as it is.
        """
        files = self._files
        project, changes = self._model.project, []
        results = self._run.results
        if results is not None and results.changes:
            replay = self._prompts.export_changes(self._window, len(results.changes))
            if replay is None:
                return False
            if replay:
                project, changes = results.simulated_project(), list(results.changes)
        answer = self._prompts.export_path(
            self._window, files.last_folder() / f"{files.file_stem()}.py"
        )
        if answer is None:
            return False
        path, flavor = answer
        if files.is_example(path):
            self._prompts.error(
                self._window, "Cannot export here", "The bundled examples cannot be changed."
            )
            return False
        try:
            text = export_script(project, flavor, filename=self._model.path, changes=changes)
        except BuildError as error:
            self._prompts.error(self._window, "Cannot export the script", str(error))
            if error.node_id is not None:
                self._problems.show_problem(to_diagnostic(error))
            return False
        try:
            write_text(path, text)
        except OSError as error:
            reason = error.strerror or str(error)
            self._prompts.error(self._window, "Cannot export the script", f"{path}: {reason}")
            return False
        self._status_bar.showMessage(f"Exported {path}", 6000)
        return True

    def export_results_dialog(self) -> bool:
        """Ask where to write the last run's results (HDF5 or CSV), and write them."""
        if self._run.results is None:
            return False
        suggested = self._files.last_folder() / f"{self._files.file_stem()}.h5"
        answer = self._prompts.results_path(self._window, suggested)
        results = self._run.results  # a run may have ended while the user chose
        if answer is None or results is None:
            return False
        path, kind = answer
        try:
            if kind == "csv":
                written = write_results_csv(results, path.parent, prefix=f"{path.stem}_")
                message = f"Wrote {len(written)} CSV file(s) to {path.parent}"
            else:
                results.save(path)
                message = f"Wrote the results to {path}"
        except OSError as error:
            self._prompts.error(
                self._window, "Export Results", f"Cannot write {path.name}", str(error)
            )
            return False
        self._files.remember_folder(path)
        self._status_bar.showMessage(message, 6000)
        return True

    def export_plots_dialog(self) -> bool:
        """Ask where to save the plot panels (PNG or SVG), and save them."""
        if not self._plots.panels:
            return False
        suggested = self._files.last_folder() / f"{self._files.file_stem()}.png"
        path = self._prompts.image_path(self._window, suggested)
        if path is None:
            return False
        try:
            self._plots.export_image(path)
        except (OSError, ValueError) as error:
            self._prompts.error(
                self._window, "Export Plots", f"Cannot save {path.name}", str(error)
            )
            return False
        self._files.remember_folder(path)
        self._status_bar.showMessage(f"Saved the plots to {path}", 6000)
        return True
