"""The ground every layer stands on: errors, input cleaning, limits, transactions, i18n, dates and the
platform adapter. Imports nothing else of the package but its models."""
