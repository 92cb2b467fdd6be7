#include "ringperf/export/artifacts.h"

#include <gtest/gtest.h>

using namespace ringperf::exporter;

TEST(ArtifactDirName, ReplacesSlashesInTheModelAndNamesTheConcurrency) {
    EXPECT_EQ(artifact_dir_name("Qwen/Qwen3-0.6B", "chat", 16u),
              "Qwen_Qwen3-0.6B-openai-chat-concurrency16");
    EXPECT_EQ(artifact_dir_name("org/sub/model", "completions", 1u),
              "org_sub_model-openai-completions-concurrency1");
}

TEST(ArtifactDirName, KeepsOtherCharactersOfTheModel) {
    EXPECT_EQ(artifact_dir_name("granite4:350m", "chat", 1u),
              "granite4:350m-openai-chat-concurrency1");
}

TEST(ArtifactDirName, UsesModelWhenNoModelIsGiven) {
    EXPECT_EQ(artifact_dir_name("", "chat", 4u), "model-openai-chat-concurrency4");
}

TEST(ArtifactDirName, AcceptsAnyStimulus) {
    EXPECT_EQ(artifact_dir_name("m", "chat", fixed_schedule_stimulus),
              "m-openai-chat-fixed_schedule");
    EXPECT_EQ(artifact_dir_name("m", "chat", std::string_view{}), "m-openai-chat");
}

TEST(StimulusLabel, WritesRatesAsPythonFloats) {
    EXPECT_EQ(stimulus_label(10, 5.0), "concurrency10-request_rate5.0");
    EXPECT_EQ(stimulus_label(0, 2.5), "request_rate2.5");
    EXPECT_EQ(stimulus_label(0, 0.1), "request_rate0.1");
    EXPECT_EQ(stimulus_label(3, 0), "concurrency3");
    EXPECT_EQ(stimulus_label(0, 0), "");
}

TEST(ResolveArtifactDir, UsesAnExplicitDirectoryAsIs) {
    output_options o;
    o.artifact_dir = "/data/run7";
    o.artifact_dir_explicit = true;
    EXPECT_EQ(resolve_artifact_dir(o, "m-openai-chat-concurrency1"), "/data/run7");
}

TEST(ResolveArtifactDir, AddsTheRunNameUnderTheDefaultDirectory) {
    output_options o;
    EXPECT_EQ(resolve_artifact_dir(o, "m-openai-chat-concurrency1"),
              "artifacts/m-openai-chat-concurrency1");
    o.artifact_dir = "out/";
    EXPECT_EQ(resolve_artifact_dir(o, "x"), "out/x");
}

TEST(ExportPaths, UsesAIPerfDefaultNames) {
    const auto p = make_export_paths("artifacts/run", "");
    EXPECT_EQ(p.dir, "artifacts/run");
    EXPECT_EQ(p.records_jsonl, "artifacts/run/profile_export.jsonl");
    EXPECT_EQ(p.csv, "artifacts/run/profile_export_aiperf.csv");
    EXPECT_EQ(p.json, "artifacts/run/profile_export_aiperf.json");
    EXPECT_EQ(p.run_toml, "artifacts/run/run.toml");
    EXPECT_EQ(p.log_file, "artifacts/run/logs/ringperf.log");
    EXPECT_EQ(p.spool_dir, "artifacts/run/.spool");
}

TEST(ExportPaths, PrefixRenamesEveryExport) {
    const auto p = make_export_paths("d", "foo");
    EXPECT_EQ(p.records_jsonl, "d/foo.jsonl");
    EXPECT_EQ(p.csv, "d/foo.csv");
    EXPECT_EQ(p.json, "d/foo.json");
    EXPECT_EQ(p.run_toml, "d/run.toml");
    EXPECT_EQ(p.log_file, "d/logs/ringperf.log");
}

TEST(ExportPaths, PrefixDropsAKnownExtensionAndAnAbsoluteDirectory) {
    EXPECT_EQ(make_export_paths("d", "run1.jsonl").csv, "d/run1.csv");
    EXPECT_EQ(make_export_paths("d", "run1.csv").json, "d/run1.json");
    EXPECT_EQ(make_export_paths("d", "/tmp/x/run2.json").records_jsonl, "d/run2.jsonl");
    EXPECT_EQ(make_export_paths("d", "sub/run3").csv, "d/sub/run3.csv");
}

TEST(SpoolPath, NamesTheWorker) {
    EXPECT_EQ(spool_path("a/.spool", 3), "a/.spool/worker-3.jsonl");
}
