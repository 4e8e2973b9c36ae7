"""Adapters that plug safereward into RL trainers (verl, TRL, OpenRLHF).

Each imports its framework lazily."""
