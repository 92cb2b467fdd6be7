// Decodes HdrHistogram interval logs (.hlog) with hdr-histogram-js, the reference JavaScript
// port, and prints one JSON line per file: the number of intervals, the first interval's
// start (epoch seconds) and the whole file's histogram (every interval added): total count,
// p50 / p90 / p99 and max, in the file's unit (ns for ringperf's logs). hdr-histogram-js
// computes percentiles by HdrHistogram Java's rule (target count = ceil(p/100 * total)).
//
// Usage:
//   bash tools/fetch-hdr-reference.sh
//   node tools/decode-hlog.mjs artifacts/<run>/hlog/*.hlog
// Prints e.g. {"file":"time_to_first_token.hlog","intervals":12,"total_count":480,...}
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(path.join(root, ".cache/node/package.json"));
const hdr = require("hdr-histogram-js");

if (process.argv.length < 3) {
  console.error("usage: node tools/decode-hlog.mjs FILE.hlog...");
  process.exit(2);
}
let failed = false;
for (const file of process.argv.slice(2)) {
  const reader = new hdr.HistogramLogReader(fs.readFileSync(file, "utf8"), 64);
  const total = hdr.build({ bitBucketSize: 64, lowestDiscernibleValue: 1,
                            highestTrackableValue: 86400e9, numberOfSignificantValueDigits: 3 });
  let intervals = 0;
  let first = null;
  for (let h = reader.nextIntervalHistogram(); h !== null; h = reader.nextIntervalHistogram()) {
    if (first === null) first = h.startTimeStampMsec / 1000;
    total.add(h);
    intervals++;
  }
  if (intervals === 0) failed = true;
  console.log(JSON.stringify({
    file: path.basename(file),
    intervals,
    start_s: first,
    total_count: total.totalCount,
    p50: total.getValueAtPercentile(50),
    p90: total.getValueAtPercentile(90),
    p99: total.getValueAtPercentile(99),
    max: total.maxValue,
  }));
}
process.exit(failed ? 1 : 0);
