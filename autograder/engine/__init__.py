"""The trusted side of a grading run: the proxy to the sandbox, the pytest plugin, the runner and its warm server."""
