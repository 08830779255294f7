"""The commands built on the engine: grade (a batch), check, validate, mutation score; submission intake."""
