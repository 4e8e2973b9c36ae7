"""The ``safereward`` command line."""
