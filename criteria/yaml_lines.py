"""Safe YAML loading that remembers the line and the raw text of every value.

The raw text lets text fields keep what the author wrote: ``code: 1.2`` stays "1.2" and
``value: yes`` stays "yes" (plain YAML 1.1 would give a float and a boolean).
"""

import yaml

# Far above any real criteria set (the shipped one has about 3,000 values), far below what an
# alias bomb expands to: the walk below copies aliased nodes, so it must be bounded.
MAX_NODES = 200_000


PLAIN_TAGS = ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")


# The shipped set is 7 levels deep. PyYAML's parser recurses once per level and has no limit of its
# own: a few hundred levels overflow Python's stack (RecursionError). The depth is counted first,
# from the scanner's tokens (no recursion), so such a file is refused with the line where it goes too deep.
# Aliases are refused in the same pass: the format names what it shares (answer scales by code) and
# never needs one, and a self-referencing alias (``a: &a [*a]``) composes a cycle the walk never leaves.
MAX_DEPTH = 50
OPENING = (
    yaml.BlockMappingStartToken,
    yaml.BlockSequenceStartToken,
    yaml.FlowMappingStartToken,
    yaml.FlowSequenceStartToken,
)
CLOSING = (yaml.BlockEndToken, yaml.FlowMappingEndToken, yaml.FlowSequenceEndToken)


class TooLargeError(yaml.YAMLError):
    pass


class TooDeepError(yaml.YAMLError):
    def __init__(self, problem: str, problem_mark=None):
        super().__init__(problem)
        self.problem, self.problem_mark = problem, problem_mark


class AliasError(TooDeepError):
    pass


def check_tokens(text: str) -> None:
    """Raise TooDeepError where the text nests lists and mappings more than MAX_DEPTH deep,
    AliasError at its first alias (yaml.YAMLError on bad syntax)."""
    depth = 0
    for token in yaml.scan(text, Loader=yaml.SafeLoader):
        if isinstance(token, yaml.AliasToken):
            raise AliasError(f"aliases (*{token.value}) are not allowed in a criteria set", token.start_mark)
        if isinstance(token, OPENING):
            depth += 1
            if depth > MAX_DEPTH:
                raise TooDeepError(f"lists and mappings are nested more than {MAX_DEPTH} levels deep", token.start_mark)
        elif isinstance(token, CLOSING):
            depth -= 1


class Located:
    """Line numbers and raw scalar text by path, e.g. ("sections", 0, "criteria", 1, "code")."""

    def __init__(self):
        self.lines: dict[tuple, int] = {}
        self.raw: dict[tuple, str] = {}
        # (path of the repeated key, its line): reported as errors by the reader, first value kept.
        self.duplicate_keys: list[tuple[tuple, int]] = []

    def line(self, path: tuple) -> int | None:
        path = tuple(path)
        while True:
            if path in self.lines:
                return self.lines[path]
            if not path:
                return None
            path = path[:-1]


def load(text: str) -> tuple[object, Located]:
    """Parse ``text`` with yaml.SafeLoader; raise yaml.YAMLError on bad syntax, an alias or a file nested too deep."""
    check_tokens(text)
    loader = yaml.SafeLoader(text)
    located = Located()
    try:
        node = loader.get_single_node()
        data = None if node is None else _construct(loader, node, (), located)
    except RecursionError as exc:  # not reached after check_tokens; kept so no file can raise it
        raise TooDeepError(f"lists and mappings are nested too deeply (more than {MAX_DEPTH} levels)") from exc
    finally:
        loader.dispose()
    return data, located


def _construct(loader, node, path, located, line=None):
    if len(located.lines) >= MAX_NODES:
        raise TooLargeError(f"the file has more than {MAX_NODES} values (are aliases nested?)")
    # A mapping value is located at its key: "answer_scales.yes_no" is the line saying "yes_no:".
    located.lines[path] = line or node.start_mark.line + 1
    if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.tag not in PLAIN_TAGS:
        # Scalars go through SafeLoader, which refuses unknown tags; collections are walked here, so check.
        raise yaml.constructor.ConstructorError(
            None, None, f"could not determine a constructor for the tag {node.tag!r}", node.start_mark
        )
    if isinstance(node, yaml.MappingNode):
        result = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else "(a list or mapping used as a key)"
            if key in result:
                located.duplicate_keys.append(((*path, key), key_node.start_mark.line + 1))
                continue
            result[key] = _construct(loader, value_node, (*path, key), located, key_node.start_mark.line + 1)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_construct(loader, child, (*path, i), located) for i, child in enumerate(node.value)]
    located.raw[path] = node.value
    return loader.construct_object(node, deep=True)
