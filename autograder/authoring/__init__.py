"""Source notebook -> release: markers, the transform, strict notebook I/O, the `release` command."""
