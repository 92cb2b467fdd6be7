// Conversations from synthetic prompts or a dataset file (JSONL). Set-up code: allocates,
// not for the hot path; both functions are pure functions of their inputs (and the file).
#pragma once

#include <cstdint>
#include <string>

#include "ringperf/base/result.h"
#include "ringperf/dataset/conversation.h"
#include "ringperf/dataset/synthetic_options.h"

namespace ringperf::dataset {

// Synthetic conversations: o.num_dataset_entries of them, session ids "session_0",
// "session_1", ... Per conversation, turns = round(x) with x ~ Normal(turn_mean,
// turn_stddev) (no draw when the stddev is 0), at least 1. Every turn's prompt is drawn as
// make_synthetic_prompts() draws its prompts, turn after turn across the conversations from
// the same streams, so with one turn per conversation the prompts are exactly
// make_synthetic_prompts(o, seed). Every turn after the first has delay_ms =
// max(0, y) * turn_delay_ratio with y ~ Normal(turn_delay_mean_ms, turn_delay_stddev_ms)
// (0 when all are 0); no turn has a timestamp, the system message is empty and
// timestamped is false. Turn counts come from stream "dataset.turns", delays from
// "dataset.turn_delay" of rng::derive(seed, ...). Preconditions as make_synthetic_prompts(),
// and turn_mean, turn_stddev, delays and ratio finite and >= 0.
conversation_set make_synthetic_conversations(const synthetic_options& o, std::uint64_t seed);

// Reads o.input_file as o.file_type, AIPerf's JSONL formats (reference §4.1, §4.2, §4.4).
// One JSON object per line; blank lines are skipped; unknown fields are ignored and JSON
// null counts as absent.
//
// single_turn: a row is one turn. "text" (string) or "texts" (array of strings or of
//   {"name", "contents": [strings]}; the texts are joined with '\n' into one user
//   message), exactly one of them; "timestamp" or "delay" (ms, number >= 0), at most one;
//   "output_length" (integer >= 1); "extra" (object); "role" ("user", or "system" — see
//   below); "session_id" (string): rows sharing it are the turns of one conversation in
//   file order, a row without it is a conversation of its own.
// multi_turn: a row is {"session_id"?, "turns": [single_turn objects, at least one]};
//   rows sharing a session id are joined in file order.
// mooncake_trace: a row is one turn. "input_length" (integer >= 1, at most 2^24) or
//   "text_input" (string), exactly one; "hash_ids" (integers; needs input_length): the
//   prompt is one block of 512 words per id, the last one cut short, so that it has
//   input_length words (input_length must lie in [512(k-1) + 1, 512k] for k ids); an id's
//   block is the same text wherever and however often it appears (words drawn from a
//   stream keyed by the seed and the id, "dataset.hash_block"); "input_length" without
//   hash ids draws its words from stream "dataset.text" in file order; "output_length",
//   "timestamp", "delay", "extra" and "session_id" as for single_turn.
//
// System messages: a conversation's leading turn with role "system" and no timestamp,
// delay, output_length or extra becomes conversation.system instead of a turn; a "system"
// turn anywhere else, one carrying those fields, or a conversation holding nothing but its
// system message is a problem. Image, audio and video fields ("image", "images",
// "image_uuids", "audio", "audios", "video", "videos") and mooncake "messages", "tools" and
// "payload" are problems: not supported in this version.
//
// Turns: text is the file's text (or the built prompt); input_tokens = its
// whitespace-separated word count (input_length for prompts given by length);
// max_tokens = output_length, else drawn as make_synthetic_prompts() does from
// o.osl_mean / o.osl_stddev (stream "dataset.osl", turn after turn in conversation order),
// else none; extra = the "extra" object's members in file order, values as minified JSON.
// Conversations are in the order their first row appears; a conversation without a
// session id in the file gets "session_<n>", n its index in the result (not checked
// against the file's own ids). timestamped is set when the first turn of the first
// conversation has a timestamp.
//
// Errors: an unreadable file ("dataset file: cannot open ..."), a file with no rows
// ("<file>: no rows ..."), or bad rows: every bad row is reported as "<file>:<line>:
// <problem>" (line 1-based), one line each, sorted by line, in one error; past 20 lines
// the rest are counted in a final "and N more problems" line. o.random_seed is not read.
result<conversation_set> load_dataset_file(const synthetic_options& o, std::uint64_t seed);

}  // namespace ringperf::dataset
