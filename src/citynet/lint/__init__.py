"""Checking a registry: the checks (small generators of Problems), the engine
that runs them and places each problem, and the reporters.

May import `citynet.query` and below.
"""
