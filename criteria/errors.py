class ImportErrors(Exception):
    """A file was rejected whole. ``errors`` lists every problem, each naming file, place and field."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("\n".join(errors))
