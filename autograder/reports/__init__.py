"""What a grading run produces: scores and results.json, feedback, HTML, the class report, exports, the cache."""
