"""The HTTP side: JSON and file handlers, the access table, pair and staff actions, downloads, the
Instructor Dashboard's steps and the staff page."""
