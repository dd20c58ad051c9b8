"""Every action a use case writes to the audit log is defined once, in domain.audit, with the
Spanish words the administrator reads; the log screen shows those words, not the identifier."""

import ast
from pathlib import Path

from domain.audit import AuditAction
from services import appointments, verifications

ROOT = Path(__file__).parents[2]


def audited_actions() -> dict[str, str]:
    """{action: file} for every literal action passed to audit.log in the app's code."""
    found = {}
    for path in [*ROOT.glob("services/*.py"), *ROOT.glob("blueprints/**/*.py"), ROOT / "cli.py"]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "log"
                and getattr(node.func.value, "id", "") == "audit"
                and len(node.args) > 1
                and isinstance(node.args[1], ast.Constant)
            ):
                found[node.args[1].value] = str(path.relative_to(ROOT))
    return found


def test_every_audited_action_has_a_spanish_label():
    actions = audited_actions()
    assert {"ingreso_fallido", "comprobante_usado", "auditoria_exportada"} <= set(actions)
    unlabelled = {a: where for a, where in actions.items() if a not in AuditAction.choices()}
    assert not unlabelled, f"add these to domain/audit.py: {unlabelled}"


def test_the_identity_decisions_are_labelled_too():
    for action, _mail in verifications.DECISIONS.values():
        assert action in AuditAction.choices()
    for _step, action, _mail in verifications.RECOVERY_DECISIONS.values():
        assert action in AuditAction.choices()


def test_every_change_of_an_appointment_is_labelled():
    for action in appointments.AUDITED.values():
        assert action in AuditAction.choices()


def test_labels_are_spanish_words_not_identifiers():
    for value, label in AuditAction.choices().items():
        assert "_" not in label and label[0].isupper() and label != value, value
    assert AuditAction.label_of("ingreso_fallido") == "Ingreso fallido"
    assert AuditAction.label_of("accion_antigua") == "accion_antigua"  # an old row still shows
