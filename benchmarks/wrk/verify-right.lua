-- verify-right.lua: POST /otp/verify with the RIGHT code, each verification consumed once (the consume path: HMAC, the
-- attempt script that deletes the record, unsealing the user id). Reads "verificationId userId code" lines made by
-- prepare-verifications.py --provider-url (codes read from the fake provider's inbox, as a user reads a text).
--   SECUREOTP_API_KEY=$KEY wrk -t2 -c64 -d60s -s verify-right.lua http://127.0.0.1:$API_PORT -- pool.txt <first> <count> <threads>
-- Lines first .. first+count-1 are split evenly between the threads; a thread stops once its share is used, so a run is
-- a fixed amount of work and no code is tried twice. Expects 200. wrk's main thread still sleeps for -d, so compare.sh
-- interrupts it (SIGINT: wrk then reports at once) when the threads have stopped, and the figures use each thread's own
-- elapsed time from its first request to its stop (a monotonic clock: report.clock_us), not wrk's run time.
local report = dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "report.lua")
local function now_us() return report.clock_us(report.MONOTONIC) end
local started

local requests = {}
local position = 0
local spare

setup = report.setup

function init(args)
  local path = args[1] or error("usage: ... -s verify-right.lua <url> -- <pool file> <first> <count> <threads>")
  local first, count, threads = tonumber(args[2] or "1"), tonumber(args[3] or "0"), tonumber(args[4] or "1")
  local share = math.floor(count / threads)
  local from = first + thread_id * share
  local headers = { ["Content-Type"] = "application/json", ["X-Api-Key"] = report.api_key(args, 5) }
  local file = io.open(path, "r") or error("cannot read " .. path)
  local line_number = 0
  for line in file:lines() do
    line_number = line_number + 1
    if line_number >= from + share then break end
    if line_number >= from then
      local id, user, code = line:match("^(%S+)%s+(%S+)%s+(%d+)$")
      if id then
        local body = string.format('{"verificationId":"%s","code":"%s","userId":"%s"}', id, code, user)
        table.insert(requests, wrk.format("POST", "/otp/verify", headers, body))
      end
    end
  end
  file:close()
  spare = wrk.format("GET", "/health/live")
  if #requests == 0 then error(path .. " holds no 'verificationId userId code' lines for thread " .. thread_id) end
end

function request()
  started = started or now_us()
  position = position + 1
  -- wrk keeps sending for a moment after stop(); a line sent twice would be answered 404 (already used), so the
  -- overflow asks for /health/live instead (a few dozen per run, counted as answers: under 1 % of a 5,000-line slice).
  return requests[position] or spare
end

function response(status)
  report.count(status)
  -- Each answer is followed by this connection's next request(): stopping once the last line has been sent means no
  -- line is sent twice (the answers still in flight are dropped, and wrk does not count them).
  if position >= #requests then
    elapsed_us = elapsed_us or (now_us() - started) -- a global: done() reads it with thread:get
    wrk.thread:stop()
  end
end

done = report.done({ 200 })
