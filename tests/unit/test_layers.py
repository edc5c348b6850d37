"""The package's layers import one way only: the contracts in .importlinter, checked by import-linter
(web > ui > reporting > pairs > program > core; the workbench imported by none of them)."""

import ast
from pathlib import Path

from importlinter.cli import lint_imports

CONFIG = Path(__file__).resolve().parents[2] / ".importlinter"


def test_every_layer_imports_only_the_layers_below_it():
    assert lint_imports(config_filename=str(CONFIG), no_cache=True, no_logo=True) == 0


PAIRS = CONFIG.parent / "mentoring_xblock" / "pairs"
TRANSACTIONS = {"retrying_atomic", "together"}


def _writes_in_transactions():
    """(module, function) of every function of the domain that runs in its own transaction."""
    for path in sorted(PAIRS.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            decorators = {getattr(d, "id", getattr(d, "attr", None)) for d in getattr(node, "decorator_list", ())}
            if isinstance(node, ast.FunctionDef) and decorators & TRANSACTIONS:
                yield path.stem, node


def test_the_domain_writes_cleaned_values_and_never_reads_a_request_in_a_transaction():
    # Cleaning (cleaner.Cleaner) turns what was sent into values before the write; the write's
    # transaction holds the pair's lock only for the rules that need the database.
    writes = list(_writes_in_transactions())
    assert {(module, node.name) for module, node in writes} >= {
        ("sessions", "log"), ("goals", "add"), ("goals", "edit"), ("agreement", "_store"), ("assessments", "write"),
    }  # fmt: skip
    for module, node in writes:
        names = {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}
        assert "Cleaner" not in names, f"{module}.{node.name} cleans input inside its transaction"
        assert "data" not in {a.arg for a in node.args.args}, f"{module}.{node.name} takes the request's data"
