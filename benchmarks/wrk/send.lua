-- send.lua: POST /otp/send for a new user and a new +1555… number on every request (no resend cooldown, and each
-- number and user is fresh for the limits), delivered through whatever provider the service uses (run.sh: the fake).
--   SECUREOTP_API_KEY=$KEY wrk -t2 -c32 -d10s -s benchmarks/wrk/send.lua http://127.0.0.1:$API_PORT
-- Expects 202. Under the default limits most sends are refused (429) within seconds; start the service with the
-- limits of benchmarks/run.sh (every Limits:* at its maximum) to measure sending rather than refusing.
local report = dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "report.lua")

-- Numbers are +1555 <3 digits of the run> <2 of the thread> <6 of the counter>: 15 digits, E.164's maximum.
local PER_THREAD = 1000000

local headers
local counter = 0

setup = report.setup

function init(args)
  headers = { ["Content-Type"] = "application/json", ["X-Api-Key"] = report.api_key(args, 1) }
end

function request()
  -- Wraps after a million sends per thread: numbers (not users) repeat, which run.sh's limits never refuse.
  counter = counter + 1
  local user = string.format("wrk-send-%s-%d-%d", run_id, thread_id, counter)
  local phone = string.format("+1555%03d%02d%06d", tonumber(run_id) % 1000, thread_id % 100, counter % PER_THREAD)
  local body = string.format('{"userId":"%s","phoneNumber":"%s","purpose":"login"}', user, phone)
  return wrk.format("POST", "/otp/send", headers, body)
end

function response(status)
  report.count(status)
end

done = report.done({ 202 })
