"""The authored program: its shape, defaults, validation and OLX."""
