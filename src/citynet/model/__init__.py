"""What a record is: the pydantic records, the kinds, partial dates, problems, JSON Schema.

The bottom layer: imports nothing of citynet but `citynet.errors`.
"""
