-- coldstart.lua: verify-wrong.lua (same requests, same pool file) that also counts answers per tenth of a second of wall
-- clock, for benchmarks/coldstart.sh: how fast a fresh process serves in its first seconds under a constant load.
--   SECUREOTP_API_KEY=$KEY wrk -t2 -c64 -d20s -s benchmarks/wrk/coldstart.lua http://127.0.0.1:$API_PORT -- pool.txt
-- After wrk's summary it prints "  first <unix ms>" (the first request sent, all threads) and one
-- "  tenth <unix ms / 100> <answers>" line per tenth of a second (all threads added up), on CLOCK_REALTIME
-- (report.clock_us), so the curve starts at the first request, as issue 27 counts.
local here = debug.getinfo(1, "S").source:match("^@(.*/)")
dofile(here .. "verify-wrong.lua")

local report = dofile(here .. "report.lua")
local function now_ms() return math.floor(report.clock_us(report.REALTIME) / 1000) end

local next_request = request
function request()
  first_ms = first_ms or now_ms() -- globals: done() reads them with thread:get
  return next_request()
end

local count_status = response
local per_tenth = {}
function response(status, headers, body)
  count_status(status, headers, body)
  local tenth = math.floor(now_ms() / 100)
  per_tenth[tenth] = (per_tenth[tenth] or 0) + 1
  tenths = per_tenth
end

local threads = {}
local register = setup
function setup(thread)
  register(thread)
  table.insert(threads, thread)
end

local summarise = done
function done(summary, latency, requests)
  summarise(summary, latency, requests)
  local total, order, first = {}, {}, nil
  for _, thread in ipairs(threads) do
    local started = thread:get("first_ms")
    if started and (first == nil or started < first) then first = started end
    for tenth, n in pairs(thread:get("tenths") or {}) do
      if total[tenth] == nil then table.insert(order, tenth) end
      total[tenth] = (total[tenth] or 0) + n
    end
  end
  table.sort(order)
  io.write(string.format("  first %d\n", first or 0))
  for _, tenth in ipairs(order) do io.write(string.format("  tenth %d %d\n", tenth, total[tenth])) end
end
