-- report.lua: what the scripts here share. Loaded with dofile by each of them; not a wrk script on its own.
--   * numbers the threads (thread_id 0, 1, ...) and gives them one run id, so request bodies can be unique per thread;
--   * counts answers by HTTP status in each thread, and after wrk's own summary prints the counts and how many answers
--     were not an expected status (wrk itself only says "Non-2xx or 3xx responses", which every verify-wrong answer is).
local report = {}

-- Microseconds of a clock (report.REALTIME or report.MONOTONIC) through LuaJIT's ffi: os.time has whole seconds only.
-- pcall: a script that loads this file twice in one state would otherwise redefine the struct.
local ffi = require("ffi")
pcall(ffi.cdef, [[
  typedef struct { long tv_sec; long tv_nsec; } report_timespec;
  int clock_gettime(int clock_id, report_timespec *tp);
]])
local timespec = ffi.new("report_timespec")
report.REALTIME, report.MONOTONIC = 0, 1
function report.clock_us(clock_id)
  ffi.C.clock_gettime(clock_id, timespec)
  return tonumber(timespec.tv_sec) * 1000000 + tonumber(timespec.tv_nsec) / 1000
end

local threads = {}
local run_id

-- Main state: once per thread, before the threads start.
function report.setup(thread)
  if run_id == nil then
    -- Unique enough between runs on one machine (the seconds) and between runs in one second (the random part).
    math.randomseed(os.time())
    run_id = string.format("%d%04d", os.time() % 100000, math.random(0, 9999))
  end
  thread:set("thread_id", #threads)
  thread:set("run_id", run_id)
  table.insert(threads, thread)
end

-- Thread state: once per answer.
function report.count(status)
  statuses = statuses or {}
  statuses[status] = (statuses[status] or 0) + 1
end

-- Thread state: the API key from the script's arguments or, better (not visible in `ps`), SECUREOTP_API_KEY.
function report.api_key(args, position)
  local key = args[position] or os.getenv("SECUREOTP_API_KEY")
  if key == nil or key == "" then
    error("no API key: set SECUREOTP_API_KEY (or pass it after --)")
  end
  return key
end

-- Main state: wrk's done() for a script whose expected answers are the statuses listed.
function report.done(expected)
  return function(summary, latency, requests)
    local total, unexpected, parts = {}, 0, {}
    for _, thread in ipairs(threads) do
      for status, n in pairs(thread:get("statuses") or {}) do
        total[status] = (total[status] or 0) + n
      end
    end
    local wanted = {}
    for _, status in ipairs(expected) do wanted[status] = true end
    local order = {}
    for status in pairs(total) do table.insert(order, status) end
    table.sort(order)
    for _, status in ipairs(order) do
      table.insert(parts, status .. ": " .. total[status])
      if not wanted[status] then unexpected = unexpected + total[status] end
    end
    io.write(string.format("  statuses   %s\n", table.concat(parts, ", ")))
    io.write(string.format("  unexpected %d (expected %s), socket errors %d\n", unexpected,
      table.concat(expected, "/"),
      summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
    io.write(string.format("  latency    p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, p99.9 %.2f ms\n",
      latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
      latency:percentile(99.9) / 1000))
    -- One machine-readable line for benchmarks/wrk/compare.sh (times in microseconds, as wrk keeps them). A script whose
    -- threads stop on their own (verify-right.lua) publishes each thread's elapsed_us: the longest is the run's length.
    local duration = 0
    for _, thread in ipairs(threads) do duration = math.max(duration, thread:get("elapsed_us") or 0) end
    if duration == 0 then duration = summary.duration end
    -- locked: 410 answers, verify-wrong's cheaper path once a verification has had all its attempts (pool too small).
    io.write(string.format("  figures    requests=%d duration_us=%d p99_us=%d unexpected=%d errors=%d locked=%d\n",
      summary.requests, duration, latency:percentile(99), unexpected,
      summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout, total[410] or 0))
  end
end

return report
