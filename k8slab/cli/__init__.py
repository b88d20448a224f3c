"""The command line: thin typer modules, one per command group, calling the engine."""
