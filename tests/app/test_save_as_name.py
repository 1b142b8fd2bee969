"""Save As proposes a name made of the project's title, not ``Untitled.spikecanvas``.

The name is safe on every operating system; a project saved before proposes its own name.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.files.names import MAX_STEM, stem_from_title

CUBA = Path(__file__).resolve().parents[2] / "examples" / "cuba.spikecanvas"


@pytest.mark.parametrize(
    ("title", "stem"),
    [
        ("CUBA: a balanced network", "CUBA a balanced network"),
        ("Hodgkin–Huxley neurons: the f–I curve", "Hodgkin–Huxley neurons the f–I curve"),
        ('E/I balance? "fast" <inhibition> | *draft*', "E I balance fast inhibition draft"),
        ("back\\slash\tand\nlines", "back slash and lines"),
        ("  .hidden.  ", "hidden"),
        ("CON", "CON_"),  # a device name on Windows
        ("lpt1", "lpt1_"),
        ("", None),
        (" :?* ", None),
    ],
)
def test_a_title_becomes_a_file_name_safe_everywhere(title, stem):
    assert stem_from_title(title) == stem


def test_a_long_title_is_cut_at_a_word():
    title = "A network of many neurons that fire " * 5
    stem = stem_from_title(title)
    assert len(stem) <= MAX_STEM
    assert title.startswith(stem)
    assert title[len(stem)] == " "


def test_save_as_proposes_the_title_of_a_new_project(window, prompts, tmp_path):
    window.model.set_project_field("title", "CUBA: a balanced network")
    prompts.paths = [tmp_path / "chosen.spikecanvas"]
    window.action_save_as.trigger()
    assert prompts.asked[0][1].name == "CUBA a balanced network.spikecanvas"
    assert (tmp_path / "chosen.spikecanvas").exists()


def test_save_of_a_never_saved_project_proposes_its_title_too(window, prompts):
    window.model.set_project_field("title", "My first network")
    window.action_save.trigger()  # cancelled: no path scripted
    assert prompts.asked[0][1].name == "My first network.spikecanvas"


def test_a_project_without_a_title_is_still_untitled(window, prompts):
    window.model.add_node("NeuronGroup", name="E")
    window.action_save_as.trigger()
    assert prompts.asked[0][1].name == "Untitled.spikecanvas"


def test_a_saved_project_proposes_its_own_file_name(window, prompts, tmp_path):
    path = tmp_path / "my cuba.spikecanvas"
    shutil.copy(CUBA, path)
    assert window.open_file(path)
    window.action_save_as.trigger()
    assert prompts.asked[0][1].name == "my cuba.spikecanvas"


def test_the_exports_propose_the_same_name(window, prompts):
    window.model.set_project_field("title", "Gap junctions: synchrony")
    window.action_export.trigger()
    assert prompts.asked[-1][1].name == "Gap junctions synchrony.py"
