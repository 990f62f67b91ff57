"""Musrenbang register: the SOP as data, records as YAML, history as the register book."""

__version__ = "0.1.0"
