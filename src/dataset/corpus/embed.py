#!/usr/bin/env python3
"""Writes a C++ source defining the bytes of a file as a function's result.

usage: embed.py INPUT OUTPUT NAMESPACE FUNCTION
The output defines `std::string_view NAMESPACE::FUNCTION()` returning the file's bytes.
"""
import sys


def main() -> int:
    src, dst, namespace, function = sys.argv[1:5]
    with open(src, "rb") as f:
        data = f.read()
    rows = []
    for i in range(0, len(data), 20):
        rows.append("    " + ",".join(str(b if b < 128 else b - 256) for b in data[i:i + 20]) + ",")
    body = "\n".join(rows)
    text = f"""// Generated from {src.split('/')[-1]} by embed.py; do not edit.
#include <string_view>

namespace {namespace} {{

namespace {{
constexpr char bytes[] = {{
{body}
    0}};
}}  // namespace

std::string_view {function}() {{
    return {{bytes, sizeof(bytes) - 1}};
}}

}}  // namespace {namespace}
"""
    with open(dst, "w") as f:
        f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
