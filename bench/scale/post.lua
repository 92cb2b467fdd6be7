-- wrk script for bench/scale/run.sh: the same POST /v1/chat/completions as ringperf sends
-- (body read from the file named by SCALE_BODY; ringperf's header set, with its User-Agent
-- from SCALE_AGENT and fixed request and correlation ids of the same length as ringperf's
-- per-request UUIDs).
local path = os.getenv("SCALE_BODY")
if not path then
  error("post.lua: set SCALE_BODY to the JSON body file")
end
local f = assert(io.open(path, "rb"))
wrk.method = "POST"
wrk.path = "/v1/chat/completions"
wrk.body = f:read("*a")
f:close()
wrk.headers["User-Agent"] = os.getenv("SCALE_AGENT") or "ringperf"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-Request-ID"] = "00000000-0000-4000-8000-000000000000"
wrk.headers["X-Correlation-ID"] = "00000000-0000-4000-8000-000000000001"
