"""What the views show: fragments and their rendering, view models (the workspace, the staff panel,
the assessments as each reader may see them, comparison charts) and presenters."""
