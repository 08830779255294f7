"""``python -m autograder.worker``: serve as the sandbox worker on stdin/stdout."""

from .serve import main

main()
