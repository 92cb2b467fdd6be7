#include "ringperf/metrics/hdr_log.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <ctime>

#include "ringperf/metrics/hdr_encoding.h"

namespace ringperf::metrics {
namespace {

constexpr double seconds_per_year = 365.0 * 24 * 3600;

std::string fixed3(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.3f", v);
    return buf;
}

std::string utc_date(double epoch_s) {
    const auto t = static_cast<std::time_t>(std::floor(epoch_s));
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[64];
    std::strftime(buf, sizeof buf, "%a %b %d %H:%M:%S UTC %Y", &tm);
    return buf;
}

std::optional<double> parse_double(std::string_view s) {
    while (!s.empty() && s.front() == ' ')
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\r'))
        s.remove_suffix(1);
    double v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
    return v;
}

// "#[StartTime: 1441812279.474 (seconds since epoch), ...]" -> 1441812279.474
std::optional<double> header_time(std::string_view line, std::string_view key) {
    if (line.substr(0, key.size()) != key) return std::nullopt;
    line.remove_prefix(key.size());
    const auto end = line.find_first_of(" ]");
    return parse_double(line.substr(0, end));
}

std::string line_error(std::size_t number, const std::string& what) {
    return "hlog line " + std::to_string(number) + ": " + what;
}

result<hlog_interval> parse_data_line(std::string_view line, std::size_t number) {
    hlog_interval iv;
    if (line.substr(0, 4) == "Tag=") {
        const auto comma = line.find(',');
        if (comma == std::string_view::npos)
            return make_error(line_error(number, "Tag= without a comma"));
        iv.tag = std::string(line.substr(4, comma - 4));
        line.remove_prefix(comma + 1);
    }
    std::string_view fields[4];
    for (int i = 0; i < 3; ++i) {
        const auto comma = line.find(',');
        if (comma == std::string_view::npos)
            return make_error(line_error(number, "expected 4 comma-separated fields"));
        fields[i] = line.substr(0, comma);
        line.remove_prefix(comma + 1);
    }
    fields[3] = line;
    const auto start = parse_double(fields[0]);
    const auto length = parse_double(fields[1]);
    const auto max = parse_double(fields[2]);
    if (!start)
        return make_error(
            line_error(number, "bad start timestamp '" + std::string(fields[0]) + "'"));
    if (!length)
        return make_error(
            line_error(number, "bad interval length '" + std::string(fields[1]) + "'"));
    if (!max)
        return make_error(line_error(number, "bad interval max '" + std::string(fields[2]) + "'"));
    iv.start_s = *start;
    iv.length_s = *length;
    iv.max = *max;
    while (!fields[3].empty() && (fields[3].back() == '\r' || fields[3].back() == ' '))
        fields[3].remove_suffix(1);
    if (fields[3].empty()) return make_error(line_error(number, "empty histogram field"));
    iv.histogram = std::string(fields[3]);
    return iv;
}

void parse_comment(std::string_view line, hlog_file& f) {
    if (auto t = header_time(line, "#[StartTime: ")) {
        f.start_time_s = t;
    } else if (auto b = header_time(line, "#[BaseTime: ")) {
        f.base_time_s = b;
    } else if (f.tool.empty() && line.size() > 3 && line.substr(0, 2) == "#[" &&
               line.back() == ']' && line.find("Histogram log format") == std::string_view::npos) {
        f.tool = std::string(line.substr(2, line.size() - 3));
    }
}

}  // namespace

std::string hlog_header(std::string_view tool_version, double start_time_epoch_s) {
    std::string out = "#[ringperf ";
    out.append(tool_version.substr(0, 100));
    out += "]\n#[Histogram log format version 1.3]\n";
    out += "#[StartTime: " + fixed3(start_time_epoch_s) + " (seconds since epoch), " +
           utc_date(start_time_epoch_s) + "]\n";
    out += "#[BaseTime: " + fixed3(start_time_epoch_s) + " (seconds since epoch)]\n";
    out +=
        "\"StartTimestamp\",\"Interval_Length\",\"Interval_Max\","
        "\"Interval_Compressed_Histogram\"\n";
    return out;
}

std::string hlog_data_line(std::string_view tag, double start_s, double length_s, double max_value,
                           std::string_view histogram_base64, double max_unit_ratio) {
    std::string out;
    if (!tag.empty()) {
        out += "Tag=";
        for (char c : tag)
            out.push_back(c == ',' || c == ' ' || c == '\n' || c == '\r' || c == '\t' ? '_' : c);
        out.push_back(',');
    }
    out +=
        fixed3(start_s) + "," + fixed3(length_s) + "," + fixed3(max_value / max_unit_ratio) + ",";
    out.append(histogram_base64);
    out.push_back('\n');
    return out;
}

result<std::string> hlog_data_line(std::string_view tag, double start_s, double length_s,
                                   const hdr_histogram& h, double max_unit_ratio) {
    auto text = encode_v2_base64(h);
    if (!text) return text.err();
    return hlog_data_line(tag, start_s, length_s, static_cast<double>(h.max()), *text,
                          max_unit_ratio);
}

double hlog_file::absolute_start_s(std::size_t i) const {
    const double t = intervals[i].start_s;
    if (base_time_s) return *base_time_s + t;
    if (start_time_s && !intervals.empty() &&
        intervals.front().start_s < *start_time_s - seconds_per_year)
        return *start_time_s + t;
    return t;
}

result<hlog_file> parse_hlog(std::string_view text) {
    hlog_file f;
    std::size_t number = 0;
    while (!text.empty()) {
        const auto nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
        ++number;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.empty()) continue;
        if (line.front() == '#') {
            parse_comment(line, f);
            continue;
        }
        if (line.front() == '"') continue;  // the legend
        auto iv = parse_data_line(line, number);
        if (!iv) return iv.err();
        f.intervals.push_back(std::move(*iv));
    }
    return f;
}

}  // namespace ringperf::metrics
