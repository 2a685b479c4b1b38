-- coldstart.lua: verify-wrong.lua (same requests, same pool file) that also counts answers per wall-clock second, for
-- benchmarks/coldstart.sh: how fast a fresh process serves in its first seconds under a constant load.
--   SECUREOTP_API_KEY=$KEY wrk -t2 -c64 -d20s -s benchmarks/wrk/coldstart.lua http://127.0.0.1:$API_PORT -- pool.txt
-- After wrk's summary it prints one "  second <unix second> <answers>" line per second (all threads added up).
local here = debug.getinfo(1, "S").source:match("^@(.*/)")
dofile(here .. "verify-wrong.lua")

local count_status = response
local per_second = {}

function response(status, headers, body)
  count_status(status, headers, body)
  local now = os.time()
  per_second[now] = (per_second[now] or 0) + 1
  -- Published for done(): wrk copies a thread's globals (tables included) when the main state asks for them.
  seconds = per_second
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
  local total, order = {}, {}
  for _, thread in ipairs(threads) do
    for second, n in pairs(thread:get("seconds") or {}) do
      if total[second] == nil then table.insert(order, second) end
      total[second] = (total[second] or 0) + n
    end
  end
  table.sort(order)
  for _, second in ipairs(order) do io.write(string.format("  second %d %d\n", second, total[second])) end
end
