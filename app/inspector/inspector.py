"""The inspector: the form of the selected node (or of the project), kept in sync with the model.

`Inspector` builds a scrollable form for the node it shows — a header with the kind's icon,
label and the node's name, then the sections of `app.inspector.form_specs.FORMS` — with one
editor per field of the document. Editors commit through the `ProjectModel` (so every edit is
an undoable step), and the form follows the model's signals, so undo, redo and edits made
elsewhere (the canvas) show at once. Diagnostics of the validator are routed to the editor of
their field; those of the node as a whole (a missing connection) are shown above the form.

The form never moves under the pointer: each editor's messages have a line of their own that
is always kept (`app.inspector.feedback.MessageLine`), and the focused editor's messages that
do not fit in it are shown whole in a balloon over the form. A value the project refused (a
draft: ``10 ms`` for ``10*ms``) stays in its field, with the reason, when the user leaves the
field, and comes back with the node when the user selects another node and returns; the
project keeps its last valid value meanwhile, and the message says so.
"""

from __future__ import annotations

from typing import Any

from PySide6 import QtCore, QtGui, QtWidgets

from app import resources
from app.inspector.equation_editor import EquationEditor
from app.inspector.feedback import MessageBalloon, MessageLabel, severity_color, worst_severity
from app.inspector.fields import (
    CheckField,
    ChoiceField,
    NameField,
    NotesField,
    SeedField,
    TextField,
    VariablesField,
)
from app.inspector.form_specs import FORMS, METHODS, Editor, Section, Spec
from app.inspector.quantity_field import QuantityField
from app.inspector.tables import ConstantsField, InitialValuesField
from app.kinds import CATEGORIES, KINDS, icon_path
from app.model.field_labels import field_label
from app.model.project_model import FieldError, ProjectModel, get_field
from engine.equations import Equations
from engine.errors import ModelError
from engine.project.topology import TopologyError

__all__ = ["Inspector"]

# Diagnostic fields that name a missing connection rather than a field.
_ROLES = ("pre", "post", "record", "drive")
# Editors that take the whole width of the form, their label above them.
_WIDE = (Editor.CODE, Editor.NOTES, Editor.INITIAL, Editor.CONSTANTS)
_ICON_SIZE = 32


class Inspector(QtWidgets.QWidget):
    """The editor of the selected node, or of the project when no node is selected.

    Parameters
    ----------
    model
        The edited project.
    parent
        The parent widget.
    """

    def __init__(self, model: ProjectModel, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inspector")
        self._model = model
        self._node_id: str | None = None
        self._editors: dict[str, QtWidgets.QWidget] = {}
        self._diagnostics: list[Any] = []
        self._page: QtWidgets.QWidget | None = None
        self._banner: MessageLabel | None = None
        self._balloon: MessageBalloon | None = None
        #: Texts the project refused, by (node id or None, field): shown again with their node.
        self._drafts: dict[tuple[str | None, str], str] = {}
        #: Counts the projects shown: edits of an earlier project's form are dropped.
        self._generation = 0

        self._scroll = QtWidgets.QScrollArea(self)
        self._scroll.setObjectName("inspector_scroll")
        self._scroll.setWidgetResizable(True)
        self._scroll.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
        self._scroll.setHorizontalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._scroll)

        model.node_changed.connect(self._node_changed)
        model.node_removed.connect(self._node_removed)
        model.project_changed.connect(self._project_changed)
        model.project_replaced.connect(self._project_replaced)
        model.edge_added.connect(self._edges_changed)
        model.edge_removed.connect(self._edges_changed)
        app = QtWidgets.QApplication.instance()
        assert isinstance(app, QtWidgets.QApplication)
        app.focusChanged.connect(self._focus_changed)
        self.show_node(None)

    # -- public API -----------------------------------------------------------------------------

    def show_node(self, node_id: str | None) -> None:
        """Show the form of the node ``node_id``, or of the project for None (or an unknown id)."""
        if node_id is not None and not self._has_node(node_id):
            node_id = None
        self._flush()
        self._node_id = node_id
        self._build()

    def current_node_id(self) -> str | None:
        """Return the id of the node shown (None: the project form)."""
        return self._node_id

    def set_diagnostics(self, diagnostics: list) -> None:
        """Show the validator's diagnostics: those of the node shown go to their fields."""
        self._diagnostics = list(diagnostics)
        self._route_diagnostics()

    def focus_field(self, field: str, line: int | None = None, column: int | None = None) -> None:
        """Focus the editor of ``field`` (a diagnostic's field) with the cursor at line/column.

        Node-level fields (a missing ``pre`` connection...) scroll to the top of the form.
        """
        key = self._editor_key(field)
        if key is None:
            self._scroll.verticalScrollBar().setValue(0)
            return
        editor = self._editors[key]
        self._scroll.ensureWidgetVisible(editor, 0, 40)
        if isinstance(editor, InitialValuesField):
            editor.focus_key(field.removeprefix("initial."), 1)
        elif isinstance(editor, ConstantsField):
            rest = field.removeprefix("constants.")
            name_field = rest.endswith(".name")
            key_name = rest.removesuffix(".name") if name_field else rest
            editor.focus_key(key_name, 0 if name_field else 1)
        else:
            editor.focus_at(line, column)  # type: ignore[attr-defined]  # every form editor has it

    def editor(self, field: str) -> QtWidgets.QWidget:
        """Return the editor of ``field`` in the form shown (``"model"``, ``"connect.p"``...).

        Raises
        ------
        KeyError
            If the form shown has no such field.
        """
        key = self._editor_key(field) or field
        if key not in self._editors:
            raise KeyError(f"the form shown has no field '{field}'")
        return self._editors[key]

    def fields(self) -> list[str]:
        """Return the fields of the form shown, in order."""
        return list(self._editors)

    @property
    def balloon(self) -> MessageBalloon | None:
        """The balloon that shows the focused field's messages whole (None: no form yet)."""
        return self._balloon

    # -- building the form ---------------------------------------------------------------------

    def _build(self) -> None:
        page = QtWidgets.QWidget()
        page.setObjectName("inspector_page")
        column = QtWidgets.QVBoxLayout(page)
        column.setContentsMargins(12, 10, 12, 12)
        column.setSpacing(4)
        self._editors = {}
        self._labels: list[QtWidgets.QLabel] = []

        kind = self._node().kind if self._node_id is not None else None
        column.addLayout(self._header(kind))
        self._banner = MessageLabel(page)
        self._banner.setObjectName("node_problems")
        self._banner.setContentsMargins(8, 6, 8, 6)
        self._banner.setAutoFillBackground(True)
        column.addWidget(self._banner)
        for section in FORMS[kind]:
            self._section(column, section)
        column.addStretch(1)
        # One label column for all sections, so that the fields line up down the form.
        width = max((label.sizeHint().width() for label in self._labels), default=0)
        for label in self._labels:
            label.setFixedWidth(width)

        self._balloon = MessageBalloon(page)
        for editor in self._editors.values():
            editor.message_label.changed.connect(self._update_balloon)  # type: ignore[attr-defined]  # every form editor has it

        old = self._scroll.takeWidget()
        if old is not None:
            old.deleteLater()
        self._scroll.setWidget(page)
        self._page = page
        self._load_values()
        self._route_diagnostics()
        self._restore_drafts()

    def _header(self, kind: str | None) -> QtWidgets.QLayout:
        """Return the header: the kind's icon, the node's name (editable) and its kind."""
        row = QtWidgets.QHBoxLayout()
        row.setSpacing(10)
        icon = QtWidgets.QLabel()
        icon.setObjectName("kind_icon")
        icon.setFixedSize(_ICON_SIZE, _ICON_SIZE)
        icon.setPixmap(_kind_pixmap(kind, self.devicePixelRatioF()))
        row.addWidget(icon, 0, QtCore.Qt.AlignmentFlag.AlignTop)

        text = QtWidgets.QVBoxLayout()
        text.setSpacing(1)
        if kind is None:
            title: QtWidgets.QWidget = QtWidgets.QLabel("Project")
        else:
            name = NameField(self._used_names)
            name.setObjectName("field_name")
            name.setToolTip("The node's name, used in model text and in scripts")
            self._bind(Spec("name", Editor.TEXT, label=field_label(kind, "name")), name)
            title = name
        font = title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        title.setFont(font)
        _keep_height(title)
        subtitle = QtWidgets.QLabel(
            f"{KINDS[kind].label} · {KINDS[kind].description}"
            if kind
            else "Run settings and named constants"
        )
        subtitle.setObjectName("kind_label")
        subtitle.setForegroundRole(QtGui.QPalette.ColorRole.PlaceholderText)
        subtitle.setWordWrap(True)
        text.addWidget(title)
        text.addWidget(subtitle)
        if isinstance(title, NameField):
            text.addWidget(title.message_label)
        row.addLayout(text, 1)
        return row

    def _section(self, column: QtWidgets.QVBoxLayout, section: Section) -> None:
        heading = QtWidgets.QLabel(section.title.upper())
        heading.setObjectName(f"section_{section.title.lower().replace(' ', '_')}")
        font = heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 0.85)
        font.setLetterSpacing(QtGui.QFont.SpacingType.PercentageSpacing, 108)
        heading.setFont(font)
        heading.setForegroundRole(QtGui.QPalette.ColorRole.PlaceholderText)
        line = QtWidgets.QFrame()
        line.setFrameShape(QtWidgets.QFrame.Shape.HLine)
        line.setFrameShadow(QtWidgets.QFrame.Shadow.Plain)
        line.setForegroundRole(QtGui.QPalette.ColorRole.Mid)
        column.addSpacing(8)
        column.addWidget(heading)
        column.addWidget(line)

        form = QtWidgets.QFormLayout()
        form.setFieldGrowthPolicy(QtWidgets.QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(
            QtCore.Qt.AlignmentFlag.AlignLeft | QtCore.Qt.AlignmentFlag.AlignVCenter
        )
        form.setHorizontalSpacing(10)
        form.setVerticalSpacing(2)  # each field's message line keeps the fields apart
        for spec in section.fields:
            editor = self._create(spec)
            _keep_height(editor)
            editor.setObjectName(f"field_{spec.field.replace('.', '_')}")
            if spec.help:
                editor.setToolTip(spec.help)
            self._bind(spec, editor)
            cell = QtWidgets.QWidget()
            cell_layout = QtWidgets.QVBoxLayout(cell)
            cell_layout.setContentsMargins(0, 0, 0, 0)
            cell_layout.setSpacing(1)
            cell_layout.addWidget(editor)
            cell_layout.addWidget(editor.message_label)  # type: ignore[attr-defined]  # every form editor has it
            if spec.editor in _WIDE:
                # A field alone under a heading of its own name ("Notes") needs no label.
                if spec.label and spec.label.lower() != section.title.lower():
                    label = QtWidgets.QLabel(spec.label)
                    label.setBuddy(editor)
                    label.setToolTip(spec.help)
                    form.addRow(label)
                form.addRow(cell)
            else:
                label = QtWidgets.QLabel(spec.label)
                label.setBuddy(editor)
                label.setToolTip(spec.help)
                self._labels.append(label)
                form.addRow(label, cell)
        column.addLayout(form)

    def _create(self, spec: Spec) -> QtWidgets.QWidget:
        fixed = QtGui.QFontDatabase.systemFont(QtGui.QFontDatabase.SystemFont.FixedFont)
        editor: QtWidgets.QWidget
        match spec.editor:
            case Editor.CODE:
                editor = EquationEditor(lines=spec.lines, max_lines=max(spec.lines, 14))
                editor.setPlaceholderText(spec.placeholder or spec.help)
            case Editor.VALUE:
                assert spec.rule is not None
                editor = QuantityField(spec.rule, lambda: self._model.project)
                editor.setFont(fixed)
                if spec.placeholder:
                    editor.setPlaceholderText(spec.placeholder)
            case Editor.TEXT:
                editor = TextField()
                editor.setPlaceholderText(spec.placeholder)
            case Editor.NOTES:
                editor = NotesField(lines=spec.lines if spec.lines > 1 else 3)
                editor.setPlaceholderText(spec.help)
            case Editor.METHOD:
                editor = ChoiceField(METHODS, editable=True, auto=True)
            case Editor.TARGET:
                editor = ChoiceField(("auto", "numpy", "cython"))
            case Editor.TARGET_VAR:
                editor = ChoiceField(self._target_variables(), editable=True)
            case Editor.CHECK:
                editor = CheckField()
            case Editor.VARIABLES:
                editor = VariablesField()
            case Editor.SEED:
                editor = SeedField()
            case Editor.INITIAL:
                editor = InitialValuesField()
            case Editor.CONSTANTS:
                editor = ConstantsField()
        return editor

    def _bind(self, spec: Spec, editor: QtWidgets.QWidget) -> None:
        self._editors[spec.field] = editor
        if hasattr(editor, "undo_stack"):
            editor.undo_stack = self._model.undo_stack
        # The node is bound now: an editor of a form being replaced (its text committed when
        # it loses focus) must still write to its own node, never to the next form's.
        node, generation = self._node_id, self._generation
        editor.committed.connect(  # type: ignore[attr-defined]  # every form editor has it
            lambda value, field=spec.field: self._commit(node, field, value, editor, generation)
        )

    def _load_values(self) -> None:
        owner = self._owner()
        for field, editor in self._editors.items():
            editor.set_value(get_field(owner, field))  # type: ignore[attr-defined]  # every form editor has it

    # -- edits ----------------------------------------------------------------------------------

    def _commit(
        self,
        node_id: str | None,
        field: str,
        value: Any,
        editor: QtWidgets.QWidget,
        generation: int,
    ) -> None:
        stale = generation != self._generation  # another project was opened meanwhile
        if stale or (node_id is not None and not self._has_node(node_id)):
            return  # the node was removed while it was edited
        try:
            if node_id is None:
                self._model.set_project_field(field, value)
            elif field == "name":
                self._model.rename(node_id, value)
            else:
                self._model.set_field(node_id, field, value)
        except (FieldError, TopologyError) as error:
            message = str(error)
            message = message[:1].upper() + message[1:]
            if hasattr(editor, "reject"):
                editor.reject(message)
            else:
                editor.message_label.show_messages([("error", message)])  # type: ignore[attr-defined]  # every form editor has it

    def _flush(self) -> None:
        """Commit what editors still hold, keep their drafts (the form is about to be replaced)."""
        for field, editor in self._editors.items():
            commit = getattr(editor, "commit_now", None)
            if commit is not None and not isinstance(editor, NameField):
                commit()
            if isinstance(editor, QuantityField):
                draft = editor.draft
                if draft is None:
                    self._drafts.pop((self._node_id, field), None)
                else:
                    self._drafts[(self._node_id, field)] = draft

    def _restore_drafts(self) -> None:
        """Show again the refused texts of the node shown (checked again: they may fit now)."""
        for (node_id, field), text in list(self._drafts.items()):
            editor = self._editors.get(field)
            if node_id == self._node_id and isinstance(editor, QuantityField):
                del self._drafts[(node_id, field)]
                editor.restore_draft(text)

    def _forget_drafts(self, node_id: str | None, field: str | None = None) -> None:
        """Forget refused texts of a node (of ``field`` and its sub-fields; None: all)."""
        for key in list(self._drafts):
            owner, name = key
            if owner == node_id and (
                field is None or name == field or name.startswith(f"{field}.")
            ):
                del self._drafts[key]

    # -- the balloon of the focused field ---------------------------------------------------

    def _focus_changed(self, old: QtWidgets.QWidget | None, new: QtWidgets.QWidget | None) -> None:
        self._update_balloon()

    def _focused_editor(self) -> QtWidgets.QWidget | None:
        focus = QtWidgets.QApplication.focusWidget()
        if focus is None or self._page is None or not self._page.isAncestorOf(focus):
            return None
        for editor in self._editors.values():
            if editor is focus or editor.isAncestorOf(focus):
                return editor
        return None

    def _update_balloon(self) -> None:
        """Show the focused field's messages whole over the form if its line cannot hold them."""
        if self._balloon is None:
            return
        editor = self._focused_editor()
        line = getattr(editor, "message_label", None)
        if line is None or line.fits:
            self._balloon.dismiss()
        else:
            self._balloon.show_for(line)

    def resizeEvent(self, event: QtGui.QResizeEvent) -> None:
        """Fit the balloon to the new width, once the form is laid out again."""
        super().resizeEvent(event)
        # With the inspector as context: dropped if it is destroyed before the timer fires
        # (a window closed right after a resize), when the balloon is gone with it.
        QtCore.QTimer.singleShot(0, self, self._update_balloon)

    # -- following the model ----------------------------------------------------------------

    def _node_changed(self, node_id: str, field: str) -> None:
        if node_id != self._node_id:
            self._forget_drafts(node_id, field)  # the value changed (an undo): the draft is old
            if field == "model" and "target_var" in self._editors:
                self._refresh_target_variables()
            return
        editor = self._editors.get(field)
        if editor is None and "." in field:  # a whole sub-model, e.g. "connect"
            prefix = f"{field}."
            for name, sub in self._editors.items():
                if name.startswith(prefix):
                    sub.set_value(get_field(self._node(), name))  # type: ignore[attr-defined]  # every form editor has it
            return
        if editor is not None:
            editor.set_value(get_field(self._node(), field))  # type: ignore[attr-defined]  # every form editor has it

    def _node_removed(self, node_id: str) -> None:
        self._forget_drafts(node_id)
        if node_id == self._node_id:
            self._node_id = None
            self._build()

    def _project_changed(self, field: str) -> None:
        if self._node_id is not None:
            self._forget_drafts(None, field)
        if self._node_id is None:
            for name, editor in self._editors.items():
                if name == field or name.startswith(f"{field}."):
                    editor.set_value(get_field(self._model.project, name))  # type: ignore[attr-defined]  # every form editor has it
        if field == "constants":
            # Values that use a constant may fit now (or no longer).
            for editor in self._editors.values():
                if isinstance(editor, QuantityField) and not editor.is_valid:
                    editor.recheck()

    def _project_replaced(self) -> None:
        self._generation += 1
        self._editors = {}  # the old form's texts belong to the old project: do not flush
        self._drafts.clear()
        self._node_id = self._node_id if self._has_node(self._node_id) else None
        self._build()

    def _edges_changed(self, *_: object) -> None:
        if "target_var" in self._editors:
            self._refresh_target_variables()

    # -- diagnostics ----------------------------------------------------------------------------

    def _route_diagnostics(self) -> None:
        mine = [d for d in self._diagnostics if d.node_id == self._node_id]
        routed: dict[str, list[Any]] = {field: [] for field in self._editors}
        top: list[Any] = []
        for d in mine:
            key = self._editor_key(d.field, d)
            if key is None:
                top.append(d)
            else:
                routed[key].append(d)
        for field, editor in self._editors.items():
            editor.set_diagnostics(routed[field])  # type: ignore[attr-defined]  # every form editor has it
        if self._banner is not None:
            self._banner.show_messages([(d.severity, d.message) for d in top])
            severity = worst_severity(top)
            if severity is not None:
                palette = self._banner.palette()
                tint = QtGui.QColor(severity_color(severity, self.palette()))
                tint.setAlpha(36)
                palette.setColor(QtGui.QPalette.ColorRole.Window, tint)
                self._banner.setPalette(palette)

    def _editor_key(self, field: str | None, diagnostic: Any = None) -> str | None:
        """Return the editor that shows ``field`` (None: the node as a whole)."""
        if field is None:
            return None
        if field.startswith("initial."):
            field = "initial"
        elif field.startswith("constants."):
            field = "constants"
        # A missing connection. A StateMonitor also has a ``record`` field, whose problems
        # always have a place in its text; a missing connection has none.
        if field in _ROLES and not (field == "record" and getattr(diagnostic, "line", None)):
            return None
        return field if field in self._editors else None

    # -- helpers ------------------------------------------------------------------------------

    def _has_node(self, node_id: str | None) -> bool:
        return node_id is not None and any(n.id == node_id for n in self._model.project.nodes)

    def _node(self) -> Any:
        assert self._node_id is not None
        return self._model.node(self._node_id)

    def _owner(self) -> Any:
        return self._node() if self._node_id is not None else self._model.project

    def _used_names(self) -> list[str]:
        own = self._node().name if self._node_id is not None else None
        return [n for n in self._model.project.names() if n != own]

    def _target_variables(self) -> list[str]:
        """Return the variables a PoissonInput shown could add to (of its target group)."""
        if self._node_id is None:
            return []
        targets = self._model.project.targets(self._node_id, "drive")
        if not targets or getattr(targets[0], "model", None) is None:
            return []
        try:
            equations = Equations(targets[0].model)
        except ModelError:
            return []
        return sorted(equations.diff_eq_names | equations.parameter_names)

    def _refresh_target_variables(self) -> None:
        editor = self._editors["target_var"]
        assert isinstance(editor, ChoiceField)
        editor.set_choices(self._target_variables())


def _keep_height(editor: QtWidgets.QWidget) -> None:
    """Fix a one-line editor's height: the border that marks a problem must not change it."""
    if isinstance(editor, (QtWidgets.QLineEdit, QtWidgets.QComboBox)):
        editor.setFixedHeight(editor.sizeHint().height())


def _kind_pixmap(kind: str | None, ratio: float) -> QtGui.QPixmap:
    """Return the icon of a node kind (the app's icon for the project), ``_ICON_SIZE`` wide.

    Kinds without an SVG yet get a rounded square in their category's colour with initials.
    """
    size = _ICON_SIZE
    try:
        path = icon_path(kind) if kind else resources.path("icons", "spikecanvas.svg")
        icon = QtGui.QIcon(str(path))
        pixmap = icon.pixmap(QtCore.QSize(size, size), ratio)
        if not pixmap.isNull():
            return pixmap
    except FileNotFoundError:
        pass
    pixmap = QtGui.QPixmap(round(size * ratio), round(size * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(QtCore.Qt.GlobalColor.transparent)
    painter = QtGui.QPainter(pixmap)
    painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
    color = QtGui.QColor(*CATEGORIES[KINDS[kind].category]) if kind else QtGui.QColor("#555")
    painter.setBrush(color)
    painter.setPen(QtCore.Qt.PenStyle.NoPen)
    painter.drawRoundedRect(QtCore.QRectF(1, 1, size - 2, size - 2), 7, 7)
    painter.setPen(QtGui.QColor("white"))
    font = painter.font()
    font.setBold(True)
    font.setPixelSize(13)
    painter.setFont(font)
    initials = "".join(w[0] for w in KINDS[kind].label.split()[:2]).upper() if kind else "P"
    painter.drawText(QtCore.QRectF(0, 0, size, size), QtCore.Qt.AlignmentFlag.AlignCenter, initials)
    painter.end()
    return pixmap
