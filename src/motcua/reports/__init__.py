"""Statistics, service-quality indicators, dashboards and the periodic reform report."""
