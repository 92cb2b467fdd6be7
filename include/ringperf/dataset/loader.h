// Conversations from a dataset file (AIPerf's JSONL formats, a random_pool directory, or
// ShareGPT's JSON), and the one entry point that picks synthetic prompts or a file from the
// options. Set-up code: allocates, not for the hot path; every function is a pure function
// of its inputs (and the files), whatever the thread count.
#pragma once

#include <cstdint>
#include <string>

#include "ringperf/base/result.h"
#include "ringperf/dataset/conversation.h"
#include "ringperf/dataset/prompt_source.h"
#include "ringperf/dataset/synthetic_options.h"

namespace ringperf::dataset {

// Reads o.input_file as o.file_type, AIPerf's JSONL formats (reference §4.1-4.4). One JSON
// object per line; blank lines are skipped; unknown fields are ignored and JSON null counts
// as absent.
//
// single_turn: a row is one turn. "text" (string) or "texts" (array of strings or of
//   {"name", "contents": [strings]}), exactly one of them: several texts are sent as parts
//   of one request (turn.parts, turn.text their '\n' join); "timestamp" or "delay" (ms,
//   number >= 0), at most one; "output_length" (integer >= 1); "extra" (object); "role"
//   ("user", or "system" — see below); "session_id" (string): rows sharing it are the turns
//   of one conversation in file order, a row without it is a conversation of its own.
// multi_turn: a row is {"session_id"?, "turns": [single_turn objects, at least one]};
//   rows sharing a session id are joined in file order.
// random_pool: a row is a pool entry: "text"/"texts", "output_length", "extra" as for
//   single_turn ("timestamp", "delay", "session_id" and "role" are problems). o.input_file
//   may be a directory: every regular file in it (in name order) is a pool of its own.
//   o.num_dataset_entries conversations of one turn are drawn with replacement (stream
//   "dataset.random_pool"): with o.prompt_batch_size 1, conversation i takes one entry of
//   every pool, the texts of all in pool order (output_length and extra from the first
//   pool's entry that has them); with a batch size B > 1, B texts drawn from all the texts
//   of all pools (entries' output_length and extra are not used).
// mooncake_trace: a row is one turn. "input_length" (integer >= 1, at most 2^24) or
//   "text_input" (string), exactly one; "hash_ids" (integers; needs input_length): the
//   prompt is one block of B = o.isl_block_size tokens per id, the last one cut to the
//   rest (input_length must lie in [B(k-1) + 1, Bk] for k ids); a block is
//   source.hash_block(length, key of the id), so an id gives byte-identical text wherever
//   it appears with the same length (the key depends on the seed and the id only: stream
//   "dataset.hash_block"); the row's text is its blocks' texts in order (joined with a
//   space where neither side has whitespace, when the tokenizer has no separator token),
//   and when that does not encode to exactly input_length tokens the last block is cut
//   again for this row so that it does. "input_length" without hash ids takes
//   source.exact(input_length) keyed by stream "dataset.text" in file order;
//   "output_length", "timestamp", "delay", "extra" and "session_id" as for single_turn.
//
// System messages: a conversation's leading turn with role "system" and no timestamp,
// delay, output_length or extra becomes conversation.system instead of a turn; a "system"
// turn anywhere else, one carrying those fields, or a conversation holding nothing but its
// system message is a problem. Image, audio and video fields ("image", "images",
// "image_uuids", "audio", "audios", "video", "videos") and mooncake "messages", "tools" and
// "payload" are problems: not supported in this version.
//
// Turns: text is the file's text (or the built prompt); input_tokens = its exact token
// count under the source's tokenizer (counted on `threads` threads; prompts given by length
// have exactly input_length); system_tokens likewise; max_tokens = output_length, else
// drawn from o.osl_mean / o.osl_stddev as make_synthetic_prompts() draws them (stream
// "dataset.osl", turn after turn in conversation order), else none; extra = the "extra"
// object's members in file order, values as minified JSON. Conversations are in the order
// their first row appears; a conversation without a session id in the file gets
// "session_<n>", n its index in the result. timestamped is set when the first turn of the
// first conversation has a timestamp.
//
// Errors: an unreadable file ("dataset file: cannot open ..."), a file with no rows
// ("<file>: no rows ..."), or bad rows: every bad row is reported as "<file>:<line>:
// <problem>" (line 1-based), one line each, sorted by file and line, in one error; past 20
// lines the rest are counted in a final "and N more problems" line. o.random_seed is not
// read.
result<conversation_set> load_dataset_file(const synthetic_options& o, std::uint64_t seed,
                                           const prompt_source& source, unsigned threads = 0);
// The same with the built-in word list.
result<conversation_set> load_dataset_file(const synthetic_options& o, std::uint64_t seed);

// ShareGPT (--public-dataset sharegpt) from the local JSON file o.input_file
// (ShareGPT_V3_unfiltered_cleaned_split.json: an array of {"conversations": [{"from",
// "value"}, ...]}). As AIPerf: the first two messages of each entry are the prompt and the
// completion; an entry is kept when the prompt has 4 to 1024 tokens, the completion at
// least 4 (not checked when o.osl_mean is set) and both together at most 2048; each kept
// entry is a one-turn conversation "session_<n>" with max_tokens = the completion's tokens.
// Entries without two string messages are skipped. Errors: an unreadable or malformed file,
// or no entry left.
result<conversation_set> load_sharegpt(const synthetic_options& o, const prompt_source& source,
                                       unsigned threads = 0);

// The run's conversations: ShareGPT when o.public_set says so, else o.input_file when set,
// else synthetic (make_synthetic_conversations()). `source` carries the tokenizer.
result<conversation_set> build_conversations(const synthetic_options& o, std::uint64_t seed,
                                             const prompt_source& source, unsigned threads = 0);

}  // namespace ringperf::dataset
