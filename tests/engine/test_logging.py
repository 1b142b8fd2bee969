"""The logger: Brian 2's BrianLogger API, console levels, suppression, the log file, messages."""

import logging
import os

import pytest

from engine import NeuronGroup, Synapses, ms, prefs
from engine.utils import BrianLogger, get_logger
from engine.utils.logger import (
    DIAGNOSTIC,
    catch_logs,
    log_level_debug,
    log_level_error,
    log_level_info,
    log_level_warn,
    std_silent,
)


@pytest.fixture(autouse=True)
def _console_defaults():
    """Leave the console handler and its filters as they were."""
    handler = BrianLogger.console_handler
    filters = list(handler.filters)
    yield
    handler.filters[:] = filters
    prefs.reset()


def test_messages_show_on_the_console_as_brian2_shows_them(capsys):
    get_logger("engine.tests").info("hello", "greeting")
    err = capsys.readouterr().err
    assert err == "INFO       hello [engine.tests.greeting]\n"


def test_a_name_outside_the_engine_goes_under_engine():
    assert get_logger("mylibrary.part").name == "engine.mylibrary.part"
    assert get_logger().name == "engine"


def test_debug_messages_are_hidden_until_log_level_debug(capsys):
    logger = get_logger("engine.tests")
    logger.debug("quiet")
    assert capsys.readouterr().err == ""
    BrianLogger.log_level_debug()
    logger.debug("loud")
    assert "DEBUG      loud" in capsys.readouterr().err
    assert prefs.logging.console_log_level == "DEBUG"


@pytest.mark.parametrize(
    ("set_level", "shown", "hidden"),
    [
        (log_level_debug, logging.DEBUG, DIAGNOSTIC),
        (log_level_info, logging.INFO, logging.DEBUG),
        (log_level_warn, logging.WARNING, logging.INFO),
        (log_level_error, logging.ERROR, logging.WARNING),
    ],
)
def test_the_log_level_functions_set_the_lowest_level_shown(capsys, set_level, shown, hidden):
    set_level()
    logging.getLogger("engine.tests").log(shown, "shown")
    logging.getLogger("engine.tests").log(hidden, "hidden")
    err = capsys.readouterr().err
    assert "shown" in err
    assert "hidden" not in err


def test_the_console_level_follows_the_preference(capsys):
    prefs.logging.console_log_level = "ERROR"
    get_logger("engine.tests").warn("not shown")
    assert capsys.readouterr().err == ""


def test_once_logs_a_message_only_the_first_time(capsys):
    logger = get_logger("engine.tests")
    logger.warn("only once, please", once=True)
    logger.warn("only once, please", once=True)
    assert capsys.readouterr().err.count("only once, please") == 1


def test_suppress_name_hides_messages_whose_name_ends_with_it(capsys):
    BrianLogger.suppress_name("noisy")
    get_logger("engine.tests").warn("hidden", "noisy")
    get_logger("engine.tests").warn("shown", "calm")
    err = capsys.readouterr().err
    assert "hidden" not in err
    assert "shown" in err


def test_suppress_hierarchy_hides_a_logger_and_those_below_it(capsys):
    BrianLogger.suppress_hierarchy("engine.tests.quiet")
    get_logger("engine.tests.quiet.part").warn("hidden")
    get_logger("engine.tests.quieter").warn("shown")
    err = capsys.readouterr().err
    assert "hidden" not in err
    assert "shown" in err


def test_catch_logs_collects_level_name_and_message_instead_of_showing_them(capsys):
    with catch_logs() as logs:
        get_logger("engine.tests").warn("caught", "here")
        get_logger("engine.tests").info("below the level")
    assert logs == [("WARNING", "engine.tests.here", "caught")]
    assert capsys.readouterr().err == ""


def test_a_log_file_is_written_on_request_and_named(tmp_path):
    prefs.logging.file_log = True
    try:
        path = BrianLogger.tmp_log
        assert path is not None
        get_logger("engine.tests").debug("into the file only")
        BrianLogger.file_handler.flush()
        with open(path, encoding="utf-8") as f:
            assert "into the file only [engine.tests]" in f.read()
    finally:
        prefs.logging.file_log = False
        os.remove(path)
    assert BrianLogger.file_handler is None


def test_std_silent_hides_what_is_printed(capsys):
    with std_silent():
        print("hidden")
    with std_silent(alwaysprint=True):
        print("shown")
    assert capsys.readouterr().out == "shown\n"


# -- the messages Brian 2 users rely on --------------------------------------------------------


def test_the_automatic_method_choice_is_logged_as_info_like_brian2():
    with catch_logs(logging.INFO) as logs:
        G = NeuronGroup(1, "dv/dt = -v/(10*ms) : 1")
        G.state_updater.before_run({})  # the choice is made when the run is prepared
    level, name, message = logs[0]
    assert (level, name) == ("INFO", "engine.stateupdaters.base.method_choice")
    assert message.startswith(
        f"No numerical integration method specified for group '{G.name}', using method "
        "'exact' (took "
    )


def test_a_threshold_without_reset_or_refractoriness_warns_like_brian2():
    with catch_logs() as logs:
        G = NeuronGroup(1, "dv/dt = -v/(10*ms) : 1", threshold="v > 1")
    assert len(logs) == 1
    level, name, message = logs[0]
    assert (level, name) == ("WARNING", "engine.groups.neurongroup.only_threshold")
    assert f"'{G.name}'" in message
    assert "reset=''" in message


@pytest.mark.parametrize("arguments", [{"reset": "v = 0"}, {"reset": ""}, {"refractory": 2 * ms}])
def test_a_threshold_with_a_reset_or_refractoriness_does_not_warn(arguments):
    with catch_logs() as logs:
        NeuronGroup(1, "dv/dt = -v/(10*ms) : 1", threshold="v > 1", **arguments)
    assert logs == []


def test_an_unflagged_synaptic_equation_is_reported_as_info_like_brian2():
    G = NeuronGroup(1, "v : 1", threshold="False", reset="")
    with catch_logs(logging.INFO) as logs:
        Synapses(G, G, "dw/dt = -w/(5*ms) : 1", on_pre="v += w")
        Synapses(G, G, "dx/dt = -x/(5*ms) : 1 (clock-driven)", on_pre="v += x")
        Synapses(G, G, "dy/dt = -y/(5*ms) : 1 (event-driven)", on_pre="v += y")
    assert [(level, name) for level, name, _ in logs] == [
        ("INFO", "engine.synapses.synapses.clock_driven")
    ]
    assert "'w'" in logs[0][2]
    assert "(event-driven)" in logs[0][2]
