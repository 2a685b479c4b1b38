-- baseline.lua: GET /health/live, the bare endpoint (same Kestrel, no work, no key needed) the other scripts are
-- compared with. Measure it right before each of them: on a shared machine only the ratio means anything.
--   wrk -t2 -c32 -d10s -s benchmarks/wrk/baseline.lua http://127.0.0.1:$API_PORT
local report = dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "report.lua")

wrk.method = "GET"
wrk.path = "/health/live"

setup = report.setup

function response(status)
  report.count(status)
end

done = report.done({ 200 })
