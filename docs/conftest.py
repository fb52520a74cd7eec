"""pytest collection in docs/: the gallery scripts run at docs build, not as doctest modules."""

collect_ignore_glob = ["examples/*", "gallery/*", "sg_execution_times.rst"]
