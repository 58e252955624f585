# Host::run_file returns the public top-level names; a sibling module imports as under
# `python3 FILE` (the file's folder is first on sys.path).
import shapes_helper

unit = "cm"


def area(w, h):
    return shapes_helper.multiply(w, h)


_private = "hidden"
