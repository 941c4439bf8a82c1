"""Report templates and their message catalogue; shipped inside citynet as citynet.templates.

A registry may keep its own templates/ folder: a template found there is used instead of
the one of the same name here.
"""
