"""Syntax colours: units, flags, declarations, numbers, names and functions are told apart."""

from PySide6 import QtGui

from app.inspector.highlighter import ModelHighlighter, tokens

LINE = "dv/dt = (El - v)/tau + 2.5*mV/ms + exp(-t/tau)*mV/ms : volt (unless refractory)  # m"


def kinds(line: str) -> dict[str, str]:
    return {line[t.start : t.start + t.length]: t.kind for t in tokens(line)}


def test_each_part_of_an_equation_has_its_kind():
    found = kinds(LINE)
    assert found["mV"] == "unit"
    assert found["volt"] == "unit"
    assert found["(unless refractory)"] == "flag"
    assert found["2.5"] == "number"
    assert found["El"] == "identifier"
    assert found["tau"] == "identifier"
    assert found["exp"] == "function"
    assert found["t"] == "keyword"
    assert found["# m"] == "comment"
    assert found["*"] == "operator"


def test_declarations_flags_and_scientific_numbers():
    found = kinds("g = 1e-3*x : siemens/metre**2 (constant over dt, shared)")
    assert found["1e-3"] == "number"
    assert found["siemens"] == "unit"
    assert found["2"] == "declaration"
    assert found["(constant over dt, shared)"] == "flag"
    assert kinds("n : integer")["integer"] == "declaration"
    # Not flags: a parenthesised expression, and an unknown word.
    assert kinds("x = (a + b) : 1")["a"] == "identifier"
    assert "(bogus)" not in kinds("x : 1 (bogus)")


def test_the_highlighter_gives_distinct_formats(qapp):
    document = QtGui.QTextDocument()
    highlighter = ModelHighlighter(document, QtGui.QPalette())
    document.setPlainText(LINE)
    highlighter.rehighlight()
    ranges = document.firstBlock().layout().formats()
    by_text = {LINE[r.start : r.start + r.length]: r.format for r in ranges}
    colors = {
        name: by_text[name].foreground().color().name()
        for name in ("mV", "(unless refractory)", "2.5", "El")
    }
    assert len(set(colors.values())) == 4, colors


def test_colours_follow_a_dark_palette(qapp):
    light = QtGui.QPalette(QtGui.QColor("#eeeeee"))
    dark = QtGui.QPalette(QtGui.QColor("#202020"))
    dark.setColor(QtGui.QPalette.ColorRole.Base, QtGui.QColor("#1b1b1b"))
    dark.setColor(QtGui.QPalette.ColorRole.Text, QtGui.QColor("#e0e0e0"))
    light_formats = ModelHighlighter(QtGui.QTextDocument(), light).formats
    dark_formats = ModelHighlighter(QtGui.QTextDocument(), dark).formats
    for kind in ("unit", "flag", "number", "identifier"):
        light_color = light_formats[kind].foreground().color()
        dark_color = dark_formats[kind].foreground().color()
        assert dark_color.lightness() > light_color.lightness(), kind
