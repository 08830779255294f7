"""The course portal (``autograder serve``): a Django application for one course.

Students log in, download the student notebook, upload their ``.ipynb`` and read the feedback;
teachers publish assignments from ``release/``, watch the class report, grade free-text cells by
hand and export the gradebook. Grading jobs live in the database and run in a separate worker
process (:mod:`autograder.portal.worker`) through the existing engine: the web process never
runs student code.
"""
