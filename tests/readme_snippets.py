"""Checks that every C++ block of README's "The C++ library" section is lines of the
tutorial program (examples/cpp/main.cc), which the package test builds and runs: the
README's examples compile. Usage: readme_snippets.py README.md main.cc"""
import re
import sys


def normalized(lines):
    return [line.strip() for line in lines if line.strip()]


def main(readme_path, program_path):
    readme = open(readme_path, encoding="utf-8").read()
    section = re.search(r"^## The C\+\+ library\n(.*?)^## ", readme, re.S | re.M)
    if not section:
        sys.exit("README has no '## The C++ library' section")
    blocks = re.findall(r"```cpp\n(.*?)```", section.group(1), re.S)
    if not blocks:
        sys.exit("the C++ section has no ```cpp block")
    program = "\n".join(normalized(open(program_path, encoding="utf-8").read().splitlines()))
    missing = []
    for block in blocks:
        text = "\n".join(normalized(block.splitlines()))
        if text not in program:
            missing.append(text)
    for text in missing:
        print("not in the tutorial program:\n" + text + "\n")
    print(f"{len(blocks) - len(missing)} of {len(blocks)} C++ blocks are lines of {program_path}")
    sys.exit(1 if missing else 0)


if __name__ == "__main__":
    main(*sys.argv[1:3])
