"""The Open Example gallery, and the thumbnails of the examples made from real runs."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
from PySide6 import QtCore, QtGui, QtWidgets

from app.examples_dialog import CARD_THUMBNAIL, DETAIL_THUMBNAIL, ExamplesDialog
from app.files import find_examples
from app.files.examples import thumbnail_path
from app.plots.thumbnail import SIZE, make_thumbnail, render_thumbnail, thumbnail_monitor
from app.prompts import DialogPrompts
from engine.project import (
    Edge,
    NeuronGroupNode,
    PlotSettings,
    Project,
    RunSettings,
    SpikeMonitorNode,
    StateMonitorNode,
    load,
    save,
)

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def tiny_project(title: str = "Tiny", monitors: str = "spikes") -> Project:
    """Ten neurons driven to fire at different rates, with the monitors named (in order)."""
    nodes: list = [
        NeuronGroupNode(
            id="g",
            name="G",
            N="10",
            model="dv/dt = (1.5*(i+1)/10 - v)/(10*ms) : 1",
            threshold="v > 1",
            reset="v = 0",
        )
    ]
    edges = []
    for monitor in monitors.split():  # in the order given
        if monitor == "spikes":
            nodes.append(SpikeMonitorNode(id="s", name="spikes"))
        else:
            nodes.append(StateMonitorNode(id="m", name="trace", variables=["v"], record="True"))
        edges.append(Edge(source="g", target=nodes[-1].id, role="record"))
    return Project(
        title=title,
        description=f"{title} neurons fire. Faster the more they are driven.",
        notes=f"Notes of {title}: the raster slopes.\n\nTry: change the drive.",
        run=RunSettings(duration="30*ms", seed=3, target="numpy"),
        nodes=nodes,
        edges=edges,
    )


def pixels(path: Path) -> np.ndarray:
    image = QtGui.QImage(str(path)).convertToFormat(QtGui.QImage.Format.Format_RGB32)
    data = np.frombuffer(image.constBits(), np.uint8, image.sizeInBytes())
    return data.reshape(image.height(), image.bytesPerLine() // 4, 4)[:, : image.width(), :3]


# -- the bundled examples ---------------------------------------------------------------------


def test_every_example_has_its_thumbnail_and_every_thumbnail_its_example(qapp):
    """Fails after an example is added or removed: run `make thumbnails` (docs/developer.md)."""
    examples = {p.stem for p in EXAMPLES.glob("*.spikecanvas")}
    thumbnails = {p.stem for p in (EXAMPLES / "thumbnails").glob("*.png")}
    assert examples - thumbnails == set(), "run: make thumbnails"
    assert thumbnails - examples == set(), "thumbnails of examples that no longer exist"
    for name in sorted(examples):
        size = QtGui.QImageReader(str(thumbnail_path(EXAMPLES / f"{name}.spikecanvas"))).size()
        assert (size.width(), size.height()) == SIZE, name


def test_find_examples_gives_the_gallery_what_it_shows(qapp):
    cuba = next(e for e in find_examples() if e.path.name == "cuba.spikecanvas")
    project = load(EXAMPLES / "cuba.spikecanvas")
    assert cuba.description == project.description
    assert cuba.notes == project.notes
    assert cuba.thumbnail == EXAMPLES / "thumbnails" / "cuba.png"
    assert cuba.facts == ("4000 neurons", "6 nodes", "200 ms")


# -- the thumbnail maker ------------------------------------------------------------------------


def test_the_thumbnail_maker_draws_a_short_run_into_a_png_of_the_thumbnail_size(qapp, tmp_path):
    target = tmp_path / "out" / "tiny.png"
    results = make_thumbnail(tiny_project(), target)
    assert results.monitors["spikes"].num_spikes > 0
    image = QtGui.QImage(str(target))
    assert (image.width(), image.height()) == SIZE == (320, 200)
    rgb = pixels(target)
    dark = (rgb.max(axis=2) < 128).sum()
    assert 0 < dark < 0.2 * rgb.shape[0] * rgb.shape[1]  # ticks on a light background
    assert list(tmp_path.joinpath("out").iterdir()) == [target]  # no temporary file left


def test_the_thumbnail_draws_traces_when_the_first_monitor_records_a_state(qapp, tmp_path):
    project = tiny_project(monitors="trace spikes")
    assert thumbnail_monitor(project).name == "trace"
    make_thumbnail(project, tmp_path / "t.png", duration="10*ms", size=(200, 120))
    rgb = pixels(tmp_path / "t.png").astype(int)
    assert rgb.shape == (120, 200, 3)
    coloured = np.ptp(rgb, axis=2) > 60  # the curves' colours, not grey
    assert coloured.sum() > 100


def test_the_thumbnail_shows_the_first_visible_monitor_and_needs_one(qapp):
    project = tiny_project(monitors="trace spikes")
    project.nodes[1].plot = PlotSettings(visible=False)
    assert thumbnail_monitor(project).name == "spikes"
    project.nodes[2].plot = PlotSettings(visible=False)
    assert thumbnail_monitor(project).name == "trace"  # all hidden: the first one
    bare = tiny_project(monitors="")
    assert thumbnail_monitor(bare) is None
    from engine.project.runner import run

    with pytest.raises(ValueError, match="no monitor"):
        render_thumbnail(run(bare))


# -- the gallery --------------------------------------------------------------------------------


@pytest.fixture
def gallery_folder(tmp_path, qapp):
    """Three examples: one with a thumbnail, one with a broken one, one without."""
    folder = tmp_path / "examples"
    (folder / "thumbnails").mkdir(parents=True)
    for name in ("alpha", "beta", "gamma"):
        save(tiny_project(title=name.capitalize()), folder / f"{name}.spikecanvas")
    make_thumbnail(load(folder / "alpha.spikecanvas"), thumbnail_path(folder / "alpha.spikecanvas"))
    (folder / "thumbnails" / "beta.png").write_bytes(b"\x89PNG\r\n\x1a\n this is no image")
    return folder


@pytest.fixture
def gallery(qtbot, gallery_folder):
    dialog = ExamplesDialog(find_examples(gallery_folder))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_the_gallery_shows_a_card_per_example_with_thumbnail_title_and_summary(gallery):
    assert gallery.objectName() == "examples_dialog"
    assert gallery.list.objectName() == "examples_list"
    assert gallery.list.count() == len(gallery.cards) == 3
    for card, title in zip(gallery.cards, ("Alpha", "Beta", "Gamma"), strict=True):
        text = card.text.text()
        assert title in text
        assert f"{title} neurons fire." in text  # the summary: the first sentence only
        assert "Faster" not in text
        assert "10 neurons" in text
        assert "30 ms" in text
        pixmap = card.thumbnail.pixmap()
        assert not pixmap.isNull()
        assert pixmap.deviceIndependentSize().toSize() == CARD_THUMBNAIL
        assert gallery.list.visualItemRect(gallery.list.item(0)).height() >= CARD_THUMBNAIL.height()


def test_a_broken_or_missing_thumbnail_gets_the_placeholder(gallery):
    alpha, beta, gamma = gallery.cards
    assert alpha.has_thumbnail
    assert not beta.has_thumbnail  # unreadable file
    assert not gamma.has_thumbnail  # no file
    placeholder = beta.thumbnail.pixmap().toImage()
    assert placeholder == gamma.thumbnail.pixmap().toImage()
    assert placeholder != alpha.thumbnail.pixmap().toImage()
    shown = gallery.details.thumbnail.pixmap().toImage()
    assert shown.pixel(0, 0) != placeholder.pixel(0, 0)  # Alpha's own picture, in full
    gallery.list.setCurrentRow(1)  # the detail pane too
    assert gallery.details.thumbnail.pixmap().toImage().pixel(0, 0) == placeholder.pixel(0, 0)
    assert not gallery.details.caption.isVisible()  # "Recorded in a run": not of a placeholder
    assert gallery.details.thumbnail.pixmap().deviceIndependentSize().toSize() == DETAIL_THUMBNAIL
    assert gallery.chosen().title == "Beta"


def test_selecting_an_example_shows_its_description_and_teaching_notes(gallery):
    details = gallery.details
    assert details.title.text() == "Alpha"  # the first one is selected at start
    gallery.list.setCurrentRow(2)
    assert details.title.text() == "Gamma"
    assert "Faster the more they are driven." in details.description.text()
    notes = details.notes.text()
    assert "Notes of Gamma: the raster slopes." in notes
    assert "<b>Try:</b> change the drive." in notes
    assert details.notes.isVisible()
    assert details.notes_heading.isVisible()
    assert details.facts.text() == "10 neurons  ·  2 nodes  ·  30 ms"


def test_double_click_accepts_the_example_under_the_mouse(qtbot, gallery):
    rect = gallery.list.visualItemRect(gallery.list.item(1))
    with qtbot.waitSignal(gallery.accepted):
        qtbot.mouseClick(
            gallery.list.viewport(), QtCore.Qt.MouseButton.LeftButton, pos=rect.center()
        )
        qtbot.mouseDClick(
            gallery.list.viewport(), QtCore.Qt.MouseButton.LeftButton, pos=rect.center()
        )
    assert gallery.chosen().title == "Beta"


def test_an_empty_gallery_cannot_open_anything(qtbot):
    dialog = ExamplesDialog([])
    qtbot.addWidget(dialog)
    assert dialog.chosen() is None
    assert not dialog.open_button.isEnabled()
    assert not dialog.details.title.isVisibleTo(dialog)


def test_open_example_through_the_gallery_opens_a_copy_with_its_notes_in_the_inspector(
    make_window, gallery_folder, qtbot
):
    window = make_window(examples_folder=gallery_folder, prompts=DialogPrompts())
    answered = []

    def choose_gamma() -> None:
        dialog = QtWidgets.QApplication.activeModalWidget()
        try:
            assert isinstance(dialog, ExamplesDialog)
            dialog.list.setCurrentRow(2)
            dialog.open_button.click()
            answered.append(True)
        finally:
            if dialog is not None and dialog.isVisible():
                dialog.reject()  # never leave a modal dialog blocking the test

    QtCore.QTimer.singleShot(0, choose_gamma)
    assert window.open_example_dialog()
    assert answered
    assert window.model.path is None  # a copy
    gamma = load(gallery_folder / "gamma.spikecanvas")
    assert window.model.project == gamma
    # The description and the teaching notes are shown, in the inspector's project form.
    assert window.inspector.current_node_id() is None
    assert window.inspector.editor("description").toPlainText() == gamma.description
    assert window.inspector.editor("notes").toPlainText() == gamma.notes
    assert window.inspector.editor("notes").isVisible()


def test_the_examples_folder_is_not_changed_by_the_gallery(gallery_folder, qtbot, tmp_path):
    before = {p: p.read_bytes() for p in gallery_folder.rglob("*") if p.is_file()}
    dialog = ExamplesDialog(find_examples(gallery_folder))
    qtbot.addWidget(dialog)
    dialog.list.setCurrentRow(1)
    after = {p: p.read_bytes() for p in gallery_folder.rglob("*") if p.is_file()}
    assert after == before
    shutil.rmtree(gallery_folder / "thumbnails")  # no thumbnails at all: still a gallery
    dialog = ExamplesDialog(find_examples(gallery_folder))
    qtbot.addWidget(dialog)
    assert [card.has_thumbnail for card in dialog.cards] == [False, False, False]
