"""What runs inside the sandbox: the cell executor and the worker's request loop (`python -m autograder.worker`)."""
