"""All analyses as one report: ``analyse`` builds it, the other modules show it.

``serialise`` turns results into JSON-ready dicts (``report.schema.json``);
``terminal``, ``markdown`` and ``plots`` present the report; ``sections`` and
``layout`` are what the first two share.
"""
