"""What a node kind's checks are made of (`engine.project.validate` walks the kinds).

`context.CheckContext` is what every check receives: the project, the diagnostics found so
far, the engine objects standing for groups (proxies) and their clocks, the names model text
may use, and the helpers that evaluate and report a field. `values` holds the plain helpers
(numbers, units, where a problem is in a field's text) and `parts` the checks several kinds
share (equations, code, the integration method, initial values, index lists).
"""
