#include "text_table.h"

#include <algorithm>

#include "ringperf/export/format.h"

namespace ringperf::exporter::detail {
namespace {

// One horizontal rule or row frame: left corner, fill, junction, right corner.
struct frame {
    const char* left;
    const char* fill;
    const char* mid;
    const char* right;
};

struct box {
    frame top, header, header_sep, body, bottom;
};

// A row frame's `fill` is unused; rows are padded with spaces.
constexpr box unicode_box{
    {"┏", "━", "┳", "┓"}, {"┃", " ", "┃", "┃"}, {"┡", "━", "╇", "┩"},
    {"│", " ", "│", "│"}, {"└", "─", "┴", "┘"},
};
constexpr box ascii_box{
    {"+", "-", "+", "+"}, {"|", " ", "|", "|"}, {"+", "=", "+", "+"},
    {"|", " ", "|", "|"}, {"+", "-", "+", "+"},
};

void append_rule(std::string& out, const frame& f, const std::vector<std::size_t>& widths) {
    out += f.left;
    for (std::size_t c = 0; c < widths.size(); ++c) {
        if (c > 0) out += f.mid;
        for (std::size_t i = 0; i < widths[c] + 2; ++i)
            out += f.fill;
    }
    out += f.right;
    out += '\n';
}

void append_row(std::string& out, const frame& f, const std::vector<std::string>& cells,
                const std::vector<table_column>& columns, const std::vector<std::size_t>& widths) {
    out += f.left;
    for (std::size_t c = 0; c < widths.size(); ++c) {
        if (c > 0) out += f.mid;
        const std::size_t pad = widths[c] - display_width(cells[c]);
        out += ' ';
        if (columns[c].right_aligned) out.append(pad, ' ');
        out += cells[c];
        if (!columns[c].right_aligned) out.append(pad, ' ');
        out += ' ';
    }
    out += f.right;
    out += '\n';
}

}  // namespace

std::string render_text_table(std::string_view title, const std::vector<table_column>& columns,
                              const std::vector<std::vector<std::string>>& rows,
                              console_charset cs) {
    const box& b = cs == console_charset::unicode ? unicode_box : ascii_box;
    std::vector<std::size_t> widths;
    std::vector<std::string> headers;
    for (const auto& col : columns) {
        widths.push_back(display_width(col.header));
        headers.push_back(col.header);
    }
    for (const auto& row : rows) {
        for (std::size_t c = 0; c < columns.size(); ++c)
            widths[c] = std::max(widths[c], display_width(row[c]));
    }
    std::size_t total = 1;
    for (std::size_t w : widths)
        total += w + 3;

    std::string out;
    const std::size_t title_width = display_width(title);
    if (title_width < total) out.append((total - title_width) / 2, ' ');
    out += title;
    out += '\n';
    append_rule(out, b.top, widths);
    append_row(out, b.header, headers, columns, widths);
    append_rule(out, b.header_sep, widths);
    for (const auto& row : rows)
        append_row(out, b.body, row, columns, widths);
    append_rule(out, b.bottom, widths);
    return out;
}

}  // namespace ringperf::exporter::detail
