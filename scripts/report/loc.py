"""C7's count: the non-blank lines of a program that hold code, not only comments or
docstrings, counted the same way for both languages: Python through its tokenizer
(comments, and strings that stand alone as statements, are not code), JavaScript through a
small scanner that knows strings, template literals and comments."""
import io
import token
import tokenize


def python_lines(source):
    """Lines of Python that hold at least one code token."""
    code = set()
    tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    for i, t in enumerate(tokens):
        if t.type in (tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT,
                      tokenize.DEDENT, tokenize.ENDMARKER):
            continue
        if t.type == token.STRING and docstring(tokens, i):
            continue
        code.update(range(t.start[0], t.end[0] + 1))
    return len(code)


def docstring(tokens, i):
    """A string that is a whole statement (a docstring, or a bare string used as one)."""
    before = next((t for t in reversed(tokens[:i]) if t.type not in (
        tokenize.NL, tokenize.COMMENT)), None)
    after = next((t for t in tokens[i + 1:] if t.type not in (tokenize.NL, tokenize.COMMENT)),
                 None)
    starts = before is None or before.type in (tokenize.NEWLINE, tokenize.INDENT,
                                               tokenize.DEDENT)
    return starts and (after is None or after.type in (tokenize.NEWLINE, tokenize.ENDMARKER))


def js_lines(source):
    """Lines of JavaScript that hold a character outside comments and whitespace."""
    code, line, i, n = set(), 1, 0, len(source)
    while i < n:
        c = source[i]
        if c == "\n":
            line += 1
            i += 1
        elif source.startswith("//", i):
            while i < n and source[i] != "\n":
                i += 1
        elif source.startswith("/*", i):
            end = source.find("*/", i + 2)
            end = n if end < 0 else end + 2
            line += source.count("\n", i, end)
            i = end
        elif c in "'\"`":
            j = i + 1  # to the closing quote, over escapes (template literals span lines)
            while j < n and source[j] != c:
                j += 2 if source[j] == "\\" else 1
            code.update(range(line, line + source.count("\n", i, j + 1) + 1))
            line += source.count("\n", i, j + 1)
            i = j + 1
        elif c.isspace():
            i += 1
        else:
            code.add(line)
            i += 1
    return len(code)
