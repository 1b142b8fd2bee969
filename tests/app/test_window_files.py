"""Files through the window: open, save, broken files, recent files, autosave, examples, export."""

import os
import shutil
from pathlib import Path

import pytest
from project.test_fileio import BROKEN  # the table of broken files of the file format's tests

from app.application import open_main_window
from app.examples_dialog import ExamplesDialog
from app.files import Autosaver, find_examples
from app.model import ProjectModel
from engine.project import dumps, load

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
CUBA = EXAMPLES / "cuba.spikecanvas"


@pytest.fixture
def cuba_copy(tmp_path):
    """A user's own copy of CUBA (not a bundled example)."""
    path = tmp_path / "work" / "mine.spikecanvas"
    path.parent.mkdir()
    shutil.copy(CUBA, path)
    return path


@pytest.fixture
def examples_copy(tmp_path):
    """The bundled examples, copied: a failing test must not damage the real ones."""
    return Path(shutil.copytree(EXAMPLES, tmp_path / "examples"))


# -- open and save --------------------------------------------------------------------------


def test_open_edit_save_and_reopen_gives_the_same_document(make_window, prompts, cuba_copy):
    window = make_window()
    prompts.paths = [cuba_copy]
    window.action_open.trigger()
    assert window.model.path == cuba_copy
    window.model.set_project_field("description", "Changed in the window.")
    window.model.set_field(window.model.project.nodes[0].id, "N", "400")
    window.action_save.trigger()
    assert not window.model.modified
    assert not window.isWindowModified()
    assert cuba_copy.read_text() == dumps(window.model.project)
    assert prompts.questions() == ["open"]  # Save wrote to the file it came from

    again = make_window()
    assert again.open_file(cuba_copy)
    assert again.model.project == window.model.project
    assert load(cuba_copy).description == "Changed in the window."


def test_save_as_writes_a_new_file_and_the_window_follows_it(window, prompts, cuba_copy):
    window.open_file(cuba_copy)
    target = cuba_copy.with_name("other.spikecanvas")
    prompts.paths = [target]
    window.action_save_as.trigger()
    assert window.model.path == target
    assert window.windowTitle() == "other.spikecanvas[*] — SpikeCanvas"
    assert load(target) == load(cuba_copy)


def test_a_new_project_is_saved_under_a_name_asked_for(window, prompts, tmp_path):
    window.model.add_node("NeuronGroup", name="E")
    target = tmp_path / "new.spikecanvas"
    prompts.paths = [target]
    window.action_save.trigger()
    assert prompts.questions() == ["save"]
    assert prompts.asked[0][1].name == "Untitled.spikecanvas"
    assert [n.name for n in load(target).nodes] == ["E"]


def test_a_failed_save_is_reported_and_the_changes_stay_unsaved(window, prompts, tmp_path):
    window.model.add_node("NeuronGroup", name="E")
    prompts.paths = [tmp_path / "no such folder" / "x.spikecanvas"]
    assert not window.save()
    ((title, summary, _),) = prompts.errors
    assert title == "Cannot save the project"
    assert "No such file or directory" in summary
    assert window.model.modified


@pytest.mark.parametrize("case", BROKEN, ids=list(BROKEN))
def test_a_broken_file_is_reported_and_leaves_the_window_as_it_was(
    window, prompts, cuba_copy, tmp_path, case
):
    window.open_file(cuba_copy)
    window.model.set_project_field("description", "unsaved work")
    before = (
        dumps(window.model.project),
        window.model.path,
        window.model.undo_stack.count(),
        window.windowTitle(),
        window.isWindowModified(),
    )
    text, expected = BROKEN[case]
    broken = tmp_path / "broken.spikecanvas"
    broken.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    prompts.paths = [broken]

    window.action_open.trigger()

    ((title, summary, details),) = prompts.errors
    assert title == "Cannot open the project"
    assert summary.startswith("'broken.spikecanvas' cannot be opened")
    assert expected in details, details
    after = (
        dumps(window.model.project),
        window.model.path,
        window.model.undo_stack.count(),
        window.windowTitle(),
        window.isWindowModified(),
    )
    assert after == before
    assert "unsaved" not in prompts.questions()  # nothing to lose: nobody was asked
    assert window.isVisible()


def test_a_missing_file_is_reported_and_leaves_the_recent_list(window, prompts, cuba_copy):
    window.open_file(cuba_copy)
    window.action_new.trigger()
    cuba_copy.unlink()
    assert not window.open_file(cuba_copy)
    assert "No such file" in prompts.errors[0][2]
    assert window.recent.paths() == []


# -- recent files -------------------------------------------------------------------------------


def recent_actions(window):
    return [a for a in window.recent_menu.actions() if a.data()]


def test_recent_files_are_listed_newest_first_and_persist(make_window, cuba_copy):
    other = cuba_copy.with_name("other.spikecanvas")
    shutil.copy(cuba_copy, other)
    first = make_window()
    first.open_file(cuba_copy)
    first.open_file(other)
    first.open_file(cuba_copy)
    assert [a.text() for a in recent_actions(first)] == [
        "&1 mine.spikecanvas",
        "&2 other.spikecanvas",
    ]
    first.close()

    second = make_window()
    actions = recent_actions(second)
    assert [Path(a.data()) for a in actions] == [cuba_copy, other]
    actions[1].trigger()
    assert second.model.path == other
    second.action_clear_recent.trigger()
    assert recent_actions(second) == []
    assert not second.action_clear_recent.isEnabled()


# -- examples -----------------------------------------------------------------------------------


def test_the_bundled_examples_are_listed_with_title_and_one_line(qapp):
    examples = find_examples()
    cuba = next(e for e in examples if e.path.name == "cuba.spikecanvas")
    assert cuba.title == load(CUBA).title
    assert cuba.summary.startswith("4000 leaky integrate-and-fire neurons")
    assert "\n" not in cuba.summary
    assert cuba.summary.endswith(".")


def test_the_examples_dialog_lists_them_and_returns_the_choice(qtbot):
    examples = find_examples()
    dialog = ExamplesDialog(examples)
    qtbot.addWidget(dialog)
    assert dialog.list.count() == len(examples)
    dialog.list.setCurrentRow(len(examples) - 1)
    assert dialog.chosen() == examples[-1]


def test_open_example_opens_a_copy_and_save_never_overwrites_the_example(
    make_window, prompts, examples_copy, tmp_path
):
    bundled = examples_copy / "cuba.spikecanvas"
    original = bundled.read_bytes()
    window = make_window(examples_folder=examples_copy)
    prompts.example_title = load(bundled).title
    window.action_open_example.trigger()
    assert prompts.questions() == ["example"]
    assert window.model.project == load(bundled)
    assert window.model.path is None
    assert window.windowTitle().startswith("cuba.spikecanvas[*]")

    window.model.set_project_field("description", "my version")
    mine = tmp_path / "my-cuba.spikecanvas"
    prompts.paths = [bundled, mine]  # first try to save over the example, then elsewhere
    assert not window.save()
    assert prompts.errors[0][0] == "Cannot save here"
    assert window.save()
    assert bundled.read_bytes() == original
    assert load(mine).description == "my version"
    assert window.model.path == mine


def test_a_bundled_example_opened_as_a_file_is_a_copy_too(make_window, prompts, examples_copy):
    window = make_window(examples_folder=examples_copy)
    window.open_file(examples_copy / "cuba.spikecanvas")
    assert window.model.path is None
    assert window.recent.paths() == []


def test_cancelling_the_examples_dialog_changes_nothing(window, prompts):
    prompts.example_title = None
    assert not window.open_example_dialog()
    assert window.model.project.nodes == []


# -- export -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("flavor", "first_import"),
    [("engine", "from engine import *"), ("brian2", "from brian2 import *")],
)
def test_export_script_writes_the_chosen_flavour(window, prompts, tmp_path, flavor, first_import):
    window.open_file(CUBA)
    target = tmp_path / "cuba.py"
    prompts.export_answer = (target, flavor)
    window.action_export.trigger()
    assert prompts.asked[0][1].name == "cuba.py"
    assert first_import in target.read_text().splitlines()
    compile(target.read_text(), str(target), "exec")


def test_a_project_that_cannot_be_exported_says_why(window, prompts, tmp_path):
    window.model.add_node("Synapses", name="S")  # no pre and post groups
    prompts.export_answer = (tmp_path / "s.py", "engine")
    assert not window.export_script_dialog()
    ((title, summary, _),) = prompts.errors
    assert title == "Cannot export the script"
    assert "S" in summary
    assert not (tmp_path / "s.py").exists()


# -- autosave and recovery ------------------------------------------------------------------


def test_autosave_writes_a_recovery_file_while_there_are_unsaved_changes(
    make_window, cuba_copy, tmp_path, qtbot
):
    window = make_window(autosave_ms=20)
    window.open_file(cuba_copy)
    recovery = window.autosaver.file
    qtbot.wait(60)
    assert not recovery.exists()  # nothing unsaved, nothing to recover
    window.model.set_project_field("description", "unsaved work")
    qtbot.waitUntil(recovery.exists, timeout=2000)
    assert recovery.parent == tmp_path / "recovery"
    window.save()
    assert not recovery.exists()  # saved: nothing to recover
    window.model.set_project_field("description", "more work")
    qtbot.waitUntil(recovery.exists, timeout=2000)
    window.close()
    assert not recovery.exists()  # a normal close leaves nothing behind


def crashed_window_leaves(folder, cuba_copy, change):
    """Leave a recovery file as a window that crashed with unsaved changes would."""
    model = ProjectModel()
    model.replace(load(cuba_copy), cuba_copy)
    change(model)
    autosaver = Autosaver(model, folder, interval_ms=10**6)
    assert autosaver.autosave()
    return model


def test_after_a_crash_the_unsaved_work_is_offered_and_restored(
    make_window, prompts, tmp_path, cuba_copy
):
    folder = tmp_path / "recovery"
    lost = crashed_window_leaves(
        folder, cuba_copy, lambda m: m.set_project_field("description", "work of the crash")
    )
    left = list(folder.glob("*.json"))
    window = make_window(recovery_folder=folder)
    window.start()
    assert prompts.questions() == ["restore"]
    assert prompts.asked[0][1].path == cuba_copy
    assert window.model.project == lost.project
    assert window.model.path == cuba_copy
    assert window.model.modified
    assert window.isWindowModified()
    assert not any(f.exists() for f in left)
    assert window.autosaver.file.exists()  # protected again at once
    window.close()


def test_declined_recovery_is_deleted_and_not_offered_again(
    make_window, prompts, tmp_path, cuba_copy
):
    folder = tmp_path / "recovery"
    crashed_window_leaves(folder, cuba_copy, lambda m: m.add_node("NeuronGroup", name="lost"))
    prompts.restore_answer = False
    window = make_window(recovery_folder=folder)
    window.start()
    assert window.model.project.nodes == []
    assert list(folder.glob("*.json")) == []
    window.start()
    assert prompts.questions() == ["restore"]


def test_the_recovery_file_of_a_running_spikecanvas_is_left_alone(make_window, prompts, tmp_path):
    folder = tmp_path / "recovery"
    folder.mkdir()
    alive = folder / f"{os.getppid()}-0123456789ab.json"  # the test runner's parent is running
    alive.write_text("{}")
    window = make_window(recovery_folder=folder)
    window.start()
    assert prompts.asked == []
    assert alive.exists()


def test_a_damaged_recovery_file_is_reported_and_removed(make_window, prompts, tmp_path):
    folder = tmp_path / "recovery"
    folder.mkdir()
    damaged = folder / f"{os.getpid()}-0123456789ab.json"
    damaged.write_text('{"recovery": 1, "project": "{not json')
    window = make_window(recovery_folder=folder)
    window.start()
    assert prompts.errors[0][0] == "Cannot recover the project"
    assert not damaged.exists()
    assert window.model.project.nodes == []


# -- command line -------------------------------------------------------------------------------


def test_the_command_line_opens_the_given_project(
    qtbot, app_settings, prompts, cuba_copy, tmp_path
):
    window = open_main_window(
        cuba_copy, settings=app_settings, prompts=prompts, recovery_folder=tmp_path / "r"
    )
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.model.path == cuba_copy)
    assert window.model.project == load(cuba_copy)
    assert window.isVisible()


def test_a_project_on_the_command_line_that_cannot_be_opened_leaves_an_empty_window(
    qtbot, app_settings, prompts, tmp_path, capsys
):
    missing = tmp_path / "absent.spikecanvas"
    window = open_main_window(
        missing, settings=app_settings, prompts=prompts, recovery_folder=tmp_path / "r"
    )
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: bool(prompts.errors))
    assert "No such file" in prompts.errors[0][2]
    assert window.model.project.nodes == []
    assert window.model.path is None
    assert f"cannot open {missing}" in capsys.readouterr().err
