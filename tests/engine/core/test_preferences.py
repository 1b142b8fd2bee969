"""Preferences: Brian 2's names and defaults, item and attribute access, checks, files, registry."""

import io
import warnings

import numpy as np
import pytest

from engine.core.preferences import (
    BrianPreference,
    InvalidPreferenceError,
    PreferenceError,
    Preferences,
    UnknownPreferenceError,
    UnsupportedPreferenceWarning,
    evaluate_value,
    prefs,
)
from engine.units import ms

#: Brian 2.9's preference names (``sorted(prefs.keys())`` in its environment).
BRIAN2_NAMES = {
    "GSL.directory",
    "codegen.cpp.compiler",
    "codegen.cpp.define_macros",
    "codegen.cpp.extra_compile_args",
    "codegen.cpp.extra_compile_args_gcc",
    "codegen.cpp.extra_compile_args_msvc",
    "codegen.cpp.extra_link_args",
    "codegen.cpp.headers",
    "codegen.cpp.include_dirs",
    "codegen.cpp.libraries",
    "codegen.cpp.library_dirs",
    "codegen.cpp.msvc_architecture",
    "codegen.cpp.msvc_vars_location",
    "codegen.cpp.runtime_library_dirs",
    "codegen.generators.cpp.flush_denormals",
    "codegen.generators.cpp.restrict_keyword",
    "codegen.loop_invariant_optimisations",
    "codegen.max_cache_dir_size",
    "codegen.runtime.cython.cache_dir",
    "codegen.runtime.cython.delete_source_files",
    "codegen.runtime.cython.multiprocess_safe",
    "codegen.runtime.numpy.discard_units",
    "codegen.string_expression_target",
    "codegen.target",
    "core.default_float_dtype",
    "core.default_integer_dtype",
    "core.network.default_schedule",
    "core.outdated_dependency_error",
    "core.stop_on_keyboard_interrupt",
    "devices.cpp_standalone.extra_make_args_unix",
    "devices.cpp_standalone.extra_make_args_windows",
    "devices.cpp_standalone.make_cmd_unix",
    "devices.cpp_standalone.openmp_spatialneuron_strategy",
    "devices.cpp_standalone.openmp_threads",
    "devices.cpp_standalone.run_cmd_unix",
    "devices.cpp_standalone.run_environment_variables",
    "legacy.refractory_timing",
    "logging.console_log_level",
    "logging.delete_log_on_exit",
    "logging.display_brian_error_message",
    "logging.file_log",
    "logging.file_log_level",
    "logging.file_log_max_size",
    "logging.save_script",
    "logging.std_redirection",
    "logging.std_redirection_to_file",
}


@pytest.fixture
def store():
    """A store of its own, so that registering categories leaves `prefs` alone."""
    return Preferences()


def test_every_brian2_preference_name_exists_plus_the_engines_nan_check():
    assert set(prefs) == BRIAN2_NAMES | {"core.check_nan"}


@pytest.mark.parametrize(
    ("name", "default"),
    [
        ("codegen.target", "auto"),
        ("codegen.string_expression_target", "numpy"),
        ("codegen.loop_invariant_optimisations", True),
        ("codegen.max_cache_dir_size", 1000),
        ("codegen.runtime.numpy.discard_units", False),
        ("codegen.runtime.cython.multiprocess_safe", True),
        ("codegen.runtime.cython.cache_dir", None),
        ("codegen.runtime.cython.delete_source_files", True),
        ("codegen.cpp.extra_compile_args", None),
        ("core.default_float_dtype", np.float64),
        ("core.default_integer_dtype", np.int32),
        ("core.outdated_dependency_error", True),
        (
            "core.network.default_schedule",
            ["start", "groups", "thresholds", "synapses", "resets", "end"],
        ),
        ("legacy.refractory_timing", False),
        ("devices.cpp_standalone.openmp_threads", 0),
        ("logging.console_log_level", "INFO"),
        ("logging.file_log_level", "DEBUG"),
        ("logging.file_log_max_size", 10_000_000),
    ],
)
def test_defaults_are_brian2s(store, name, default):
    assert store[name] == default


def test_the_engine_writes_a_log_file_only_on_request_unlike_brian2():
    assert prefs["logging.file_log"] is False


def test_attribute_and_item_access_read_and_write_the_same_value():
    prefs.codegen.target = "numpy"
    assert prefs["codegen.target"] == "numpy"
    prefs["codegen.target"] = "cython"
    assert prefs.codegen.target == "cython"
    prefs.codegen["target"] = "numpy"
    assert prefs.codegen.runtime.numpy.discard_units is False
    assert prefs.codegen["target"] == "numpy"


def test_a_category_lists_its_names():
    assert set(prefs.codegen.runtime.cython) == {
        "cache_dir",
        "delete_source_files",
        "multiprocess_safe",
    }
    assert "runtime" in dir(prefs.codegen)


def test_an_unknown_name_is_a_key_error_naming_it():
    with pytest.raises(KeyError, match="codegen.targte"):
        prefs["codegen.targte"] = "numpy"
    with pytest.raises(KeyError, match="no preference 'codegen.nonexistent'"):
        _ = prefs["codegen.nonexistent"]


def test_an_unknown_name_is_also_brian2s_preference_error_and_lists_its_neighbours():
    with pytest.raises(PreferenceError) as caught:
        prefs.codegen.targte = "numpy"
    assert isinstance(caught.value, UnknownPreferenceError)
    assert caught.value.name == "codegen.targte"
    assert "codegen.target" in str(caught.value)


def test_reading_an_unknown_attribute_is_an_attribute_error_so_hasattr_works():
    assert not hasattr(prefs.codegen, "nonexistent")
    with pytest.raises(AttributeError):
        _ = prefs.codegen.nonexistent


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("codegen.target", "gpu"),
        ("codegen.loop_invariant_optimisations", 1),
        ("core.default_float_dtype", int),
        ("core.default_integer_dtype", np.float64),
        ("logging.console_log_level", "LOUD"),
        ("codegen.max_cache_dir_size", "x"),
        ("legacy.refractory_timing", "x"),
        ("core.network.default_schedule", ["start", "before_groups"]),
    ],
)
def test_an_invalid_value_is_refused_as_a_value_error_and_a_preference_error(name, value):
    with pytest.raises(InvalidPreferenceError, match=name) as caught:
        prefs[name] = value
    assert isinstance(caught.value, ValueError)
    assert isinstance(caught.value, PreferenceError)


def test_log_levels_are_accepted_in_any_case():
    prefs.logging.console_log_level = "warning"
    assert prefs.logging.console_log_level == "warning"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("legacy.refractory_timing", True),
        ("devices.cpp_standalone.openmp_threads", 4),
        ("codegen.cpp.extra_compile_args_gcc", ["-O1"]),
        ("codegen.runtime.cython.cache_dir", "/tmp/mine"),
        ("core.default_integer_dtype", np.int64),
        ("GSL.directory", "/usr/include"),
    ],
)
def test_a_value_the_engine_cannot_honour_is_kept_and_warned_about_once(name, value):
    with pytest.warns(UnsupportedPreferenceWarning, match=name):
        prefs[name] = value
    assert prefs[name] == value
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        prefs[name] = value  # once is enough


def test_setting_an_unsupported_preference_to_its_default_does_not_warn():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        prefs.legacy.refractory_timing = False
        prefs.devices.cpp_standalone.openmp_threads = 0


def test_the_unsupported_warning_says_what_to_do_instead():
    with pytest.warns(UnsupportedPreferenceWarning, match="SPIKECANVAS_CYTHON_CACHE"):
        prefs.codegen.runtime.cython.cache_dir = "/tmp/cache"


def test_float32_is_a_valid_default_float_dtype():
    prefs.core.default_float_dtype = np.float32
    assert prefs.core.default_float_dtype is np.float32


def test_reset_restores_defaults_and_does_not_share_mutable_defaults():
    prefs.core.network.default_schedule.append("extra")  # mutating a value
    prefs.codegen.target = "cython"
    prefs.reset_to_defaults()
    assert prefs.codegen.target == "auto"
    assert prefs.core.network.default_schedule[-1] == "end"


def test_a_preference_file_sets_names_with_sections_comments_and_units(store):
    text = """
    # a comment
    codegen.target = 'numpy'
    [core]
    default_float_dtype = float32
    network.default_schedule = ['start', 'groups', 'end']
    [codegen.runtime.numpy]
    discard_units = False
    """
    store.read_preference_file(io.StringIO(text))
    assert store["codegen.target"] == "numpy"
    assert store["core.default_float_dtype"] is np.float32
    assert store["core.network.default_schedule"] == ["start", "groups", "end"]


def test_a_preference_file_value_is_never_executed_as_code(store):
    with pytest.raises(PreferenceError, match="line 1"):
        store.read_preference_file(io.StringIO("codegen.target = __import__('os').getcwd()"))


def test_a_preference_file_line_that_is_not_a_setting_is_refused_with_its_line(store):
    with pytest.raises(PreferenceError, match="line 2"):
        store.read_preference_file(io.StringIO("[codegen]\nthis is not a setting\n"))


def test_a_bad_value_in_a_file_names_the_line(store):
    with pytest.raises(InvalidPreferenceError, match="line 1"):
        store.read_preference_file(io.StringIO("codegen.target = 'gpu'"))


def test_file_values_may_use_units():
    assert evaluate_value("0.5*ms") == 0.5 * ms
    assert evaluate_value("-3") == -3


def test_the_current_values_written_as_a_file_read_back_the_same(store):
    store["codegen.target"] = "numpy"
    store["core.default_float_dtype"] = np.float32
    other = Preferences()
    other.read_preference_file(io.StringIO(store.as_file))
    assert dict(other) == dict(store)
    assert "[codegen.runtime.cython]" in store.defaults_as_file


def test_load_preferences_reads_the_users_file_then_the_current_folders(
    store, tmp_path, monkeypatch
):
    home = tmp_path / "home"
    (home / ".brian").mkdir(parents=True)
    (home / ".brian" / "user_preferences").write_text(
        "codegen.target = 'cython'\nlogging.file_log_max_size = 5\n"
    )
    (tmp_path / "brian_preferences").write_text("codegen.target = 'numpy'\n")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(tmp_path)
    store.load_preferences()
    assert store["codegen.target"] == "numpy"  # the folder's file comes last
    assert store["logging.file_log_max_size"] == 5


def test_a_library_registers_its_preferences_and_gets_values_read_before(store):
    store.read_preference_file(io.StringIO("[mylib]\nspeed = 3\n"))
    with pytest.raises(UnknownPreferenceError, match="mylib.speed"):
        store.check_all_validated()
    store.register_preferences(
        "mylib",
        "My library",
        speed=BrianPreference(1, "How fast."),
        name=BrianPreference("x", "Its name.", validator=lambda v: isinstance(v, str)),
    )
    assert store["mylib.speed"] == 3
    assert store.mylib.name == "x"
    store.check_all_validated()
    with pytest.raises(InvalidPreferenceError):
        store.mylib.name = 5
    with pytest.raises(PreferenceError, match="registered already"):
        store.register_preferences("mylib", "again", other=BrianPreference(1, "x"))


def test_the_default_validator_checks_the_type_and_the_unit_of_the_default(store):
    store.register_preferences(
        "mylib",
        "My library",
        delay=BrianPreference(1 * ms, "A delay."),
        on=BrianPreference(True, "On."),
    )
    store["mylib.delay"] = 2 * ms
    with pytest.raises(InvalidPreferenceError):
        store["mylib.delay"] = 2
    with pytest.raises(InvalidPreferenceError):
        store["mylib.on"] = 1


def test_the_documentation_gives_each_name_with_its_default():
    text = prefs.get_documentation("codegen.runtime.cython")
    assert "``codegen.runtime.cython.cache_dir`` = ``None``" in text
    assert "``codegen.target``" not in text
    assert "``legacy.refractory_timing`` = ``False``" in prefs.get_documentation()
    with pytest.raises(ValueError, match="no category"):
        prefs.get_documentation("nonsense")
