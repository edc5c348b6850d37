"""The package's layers import one way only: the contracts in .importlinter, checked by import-linter
(web > ui > reporting > pairs > program > core; the workbench imported by none of them)."""

from pathlib import Path

from importlinter.cli import lint_imports

CONFIG = Path(__file__).resolve().parents[2] / ".importlinter"


def test_every_layer_imports_only_the_layers_below_it():
    assert lint_imports(config_filename=str(CONFIG), no_cache=True, no_logo=True) == 0
