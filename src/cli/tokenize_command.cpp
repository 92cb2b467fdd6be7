// `ringperf tokenize`: the token count (or the ids) of a text with the tokenizer a profile
// run would use, to check a --tokenizer value and compare counts with other tools.
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <optional>
#include <string>

#include "commands.h"
#include "exit_codes.h"
#include "ringperf/base/file.h"
#include "ringperf/hub/load.h"

namespace ringperf::cli {

namespace {

constexpr const char* tokenize_usage =
    "Usage: ringperf tokenize --tokenizer NAME [--tokenizer-revision REV] [--ids] [--file FILE]\n"
    "\n"
    "Reads text from standard input (or FILE) and prints its token count, or with --ids its\n"
    "token ids one per line. Special tokens are not added (AIPerf's encode with\n"
    "add_special_tokens=False).\n"
    "\n"
    "Options:\n"
    "  --tokenizer <NAME>\n"
    "      A tokenizer.json file, a directory holding one, a Hugging Face repository id\n"
    "      (from the Hugging Face cache, downloaded into it when missing), or builtin\n"
    "      (GPT-4o's o200k_base). Resolved as `ringperf profile --tokenizer` resolves it.\n"
    "  --tokenizer-revision <REV>\n"
    "      Branch, tag or commit of the repository [default: main]\n"
    "  --ids\n"
    "      Print the token ids, one per line, instead of their count.\n"
    "  --file <FILE>\n"
    "      Read the text from FILE instead of standard input.\n"
    "  -h, --help\n"
    "      Show this help and exit.\n"
    "\n"
    "Environment: HF_HOME, HF_HUB_CACHE, HF_ENDPOINT, HF_TOKEN, HF_HUB_OFFLINE (see\n"
    "docs/tokenizers.md).\n";

struct tokenize_args {
    std::string tokenizer;
    std::string revision = "main";
    std::optional<std::string> file;
    bool ids = false;
    bool help = false;
};

// Takes the value of `--name VALUE` or `--name=VALUE` at args[i]; advances i.
std::optional<std::string> value_of(const std::vector<std::string>& args, std::size_t& i,
                                    std::string_view name, std::string& error) {
    const std::string& a = args[i];
    if (a.size() > name.size() && a.compare(0, name.size(), name) == 0 && a[name.size()] == '=')
        return a.substr(name.size() + 1);
    if (i + 1 >= args.size()) {
        error = std::string(name) + " needs a value";
        return std::nullopt;
    }
    return args[++i];
}

bool names(const std::string& arg, std::string_view name) {
    return arg == name || (arg.size() > name.size() && arg.compare(0, name.size(), name) == 0 &&
                           arg[name.size()] == '=');
}

std::optional<tokenize_args> parse(const std::vector<std::string>& args, std::string& error) {
    tokenize_args t;
    for (std::size_t i = 0; i < args.size() && error.empty(); ++i) {
        const std::string& a = args[i];
        if (a == "-h" || a == "--help") {
            t.help = true;
        } else if (a == "--ids") {
            t.ids = true;
        } else if (names(a, "--tokenizer")) {
            if (auto v = value_of(args, i, "--tokenizer", error)) t.tokenizer = *v;
        } else if (names(a, "--tokenizer-revision")) {
            if (auto v = value_of(args, i, "--tokenizer-revision", error)) t.revision = *v;
        } else if (names(a, "--file")) {
            if (auto v = value_of(args, i, "--file", error)) t.file = *v;
        } else if (!a.empty() && a.front() == '-') {
            error = "unknown option '" + a + "'";
        } else {
            error =
                "unexpected argument '" + a + "' (give the text on standard input or with --file)";
        }
    }
    if (!error.empty()) return std::nullopt;
    if (t.help) return t;
    if (t.tokenizer.empty()) error = "--tokenizer is required";
    if (t.revision.empty()) error = "--tokenizer-revision: expected a branch, tag or commit";
    if (t.file && t.file->empty()) error = "--file: expected a file name";
    if (!error.empty()) return std::nullopt;
    return t;
}

result<std::string> read_stdin() {
    std::string text;
    char buf[65536];
    for (;;) {
        const ssize_t n = ::read(STDIN_FILENO, buf, sizeof buf);
        if (n == 0) return text;
        if (n < 0) {
            if (errno == EINTR) continue;
            return make_error(std::string("cannot read standard input: ") + std::strerror(errno));
        }
        text.append(buf, static_cast<std::size_t>(n));
    }
}

void print_result(const tokenizer::tokenizer& tok, const std::string& text, bool ids) {
    if (!ids) {
        std::printf("%zu\n", tok.count(text));
        return;
    }
    std::string out;
    for (const tokenizer::token_id id : tok.encode(text))
        out += std::to_string(id) + "\n";
    std::fwrite(out.data(), 1, out.size(), stdout);
}

}  // namespace

int run_tokenize(const std::vector<std::string>& args) {
    std::string error;
    const auto t = parse(args, error);
    if (!t) {
        std::fprintf(stderr, "ringperf tokenize: %s (see ringperf tokenize --help)\n",
                     error.c_str());
        return exit_usage;
    }
    if (t->help) {
        std::fputs(tokenize_usage, stdout);
        return exit_ok;
    }
    auto text = t->file ? read_file(*t->file) : read_stdin();
    if (!text) {
        std::fprintf(stderr, "ringperf tokenize: %s\n", text.message().c_str());
        return exit_usage;
    }
    hub::hub_options o;
    o.revision = t->revision;
    o.getenv = hub::process_environment();
    auto loaded = hub::load_tokenizer(t->tokenizer, o);
    if (!loaded) {
        std::fprintf(stderr, "ringperf tokenize: %s\n", loaded.message().c_str());
        return exit_fatal;
    }
    for (const auto& w : loaded->warnings)
        std::fprintf(stderr, "ringperf tokenize: warning: %s\n", w.c_str());
    print_result(loaded->tok, *text, t->ids);
    return exit_ok;
}

}  // namespace ringperf::cli
