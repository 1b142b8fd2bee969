"""The Brian 2 harness itself: the reference is the version the tests claim it is."""


def test_brian2_runs_in_its_own_environment_and_returns_data(brian2):
    result = brian2(
        """
        import brian2, numpy
        from brian2 import ms, mV
        emit({"version": brian2.__version__, "numpy": numpy.__version__,
              "doubled": [2 * x for x in INPUT], "tau": str(20 * ms)})
        """,
        inputs=[1, 2],
    )
    assert result["version"] == "2.9.0"
    assert result["doubled"] == [2, 4]
    assert result["tau"] == "20. ms"
