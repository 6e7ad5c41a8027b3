"""Review and simplification of procedures; control of procedures in draft regulations."""
